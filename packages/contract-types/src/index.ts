export * from './bff/contracts.js';
export * from './bff/errors.js';
export * from './bff/session.js';
export * from './common.js';
export * from './wechatpay/contract.js';
export * from './wechatpay/login.js';
export * from './wechatpay/notification.js';
export * from './wechatpay/presign.js';
