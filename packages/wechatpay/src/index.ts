export {
  type ApiV3Key,
  aesGcmDecrypt,
  aesGcmEncrypt,
  loadApiV3Key,
  rsaOaepDecrypt,
  rsaOaepEncrypt,
} from './cipher.js';
export type { Clock, NonceSource } from './clock.js';
export * from './errors.js';
export { getHeader, type HeaderLookup, WECHATPAY_HEADERS } from './headers.js';
export {
  certificateSerial,
  loadPrivateKey,
  loadPublicKey,
  normalizeSerial,
  type PrivateKeyInput,
  type PublicKeyInput,
} from './keys.js';
export { buildPaySignMessage, buildRequestMessage, buildResponseMessage } from './message.js';
export {
  type ContractNotification,
  NOTIFICATION_ALGORITHM,
  NotificationParser,
  type NotificationParserOptions,
  type TransactionNotification,
  type WechatPayNotification,
} from './notification.js';
export { NOTIFICATION_MAX_TRIES, NOTIFICATION_RETRY_WAITS_S } from './notification-retry.js';
export {
  API_PATHS,
  type ApiPath,
  apiPath,
  type PathParams,
  queryTransactionPath,
  type TransactionRef,
} from './paths.js';
export {
  type PaymentParamsInput,
  PREPAY_PACKAGE_PREFIX,
  requestPaymentParams,
} from './payment-params.js';
export {
  type ContractRef,
  presignMiniProgram,
  presignPayRedirect,
  queryContract,
  type TerminateContractInput,
  terminateContract,
} from './resources/contracts.js';
export {
  type Code2SessionOptions,
  type Code2SessionRequest,
  type Code2SessionResult,
  type Code2SessionResultWithKey,
  code2Session,
  WechatLoginClient,
  type WechatLoginOptions,
} from './resources/login.js';
export {
  closeOrder,
  jsapiPrepay,
  jsapiWithContract,
  type OrderRef,
  queryOrder,
} from './resources/transactions.js';
export {
  AUTH_SCHEME,
  RequestSigner,
  type RequestSignerOptions,
  signMessage,
  verifyMessage,
} from './signer.js';
export {
  DEFAULT_USER_AGENT,
  type HttpMethod,
  WechatPayClient,
  type WechatPayClientOptions,
  type WechatPayRequest,
  type WechatPayResponse,
} from './transport.js';
export {
  MAX_SKEW_SECONDS,
  PUBLIC_KEY_ID_PREFIX,
  ResponseVerifier,
  type ResponseVerifierOptions,
  type VerificationKey,
  type VerifiedSignature,
  withinSkew,
} from './verifier.js';
