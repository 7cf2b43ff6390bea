export {
  type ParsedAuthorization,
  parseAuthorization,
  type VerifyAuthorizationInput,
  verifyAuthorization,
} from './authorization.js';
export {
  API_FAULT_KINDS,
  type ApiFaultKind,
  FAULT_APIS,
  type FaultApi,
  LOGIN_FAULT_KINDS,
  NOTIFICATION_FAULT_KINDS,
  type NotificationFaultKind,
  PASSWORD_FREE_FAULT_KINDS,
  type PasswordFreeFaultKind,
  type SignMode,
  TRANSACTION_NOTIFICATION_FAULT_KINDS,
  type TransactionNotificationFaultKind,
} from './faults.js';
export { generateRsaKeyPair, type RsaKeyPair } from './keys.js';
export { openidFor } from './openid.js';
export { verifyPaymentParams } from './payment.js';
export {
  type BuildNotificationInput,
  buildNotification,
  formatChinaTime,
  type SignedHeaders,
  type SignResponseInput,
  signResponse,
  signResponseAs,
} from './sign.js';
