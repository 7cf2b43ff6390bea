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
export { getHeader, type HeaderLookup } from './headers.js';
export {
  certificateSerial,
  loadPrivateKey,
  loadPublicKey,
  normalizeSerial,
  type PrivateKeyInput,
  type PublicKeyInput,
} from './keys.js';
export {
  type ContractNotification,
  NOTIFICATION_ALGORITHM,
  NotificationParser,
  type NotificationParserOptions,
} from './notification.js';
export {
  type ContractRef,
  contractPath,
  PRESIGN_MINI_PROGRAM_PATH,
  presignMiniProgram,
  queryContract,
  type TerminateContractInput,
  terminateContract,
} from './resources/contracts.js';
export {
  type Code2SessionOptions,
  type Code2SessionResult,
  type Code2SessionResultWithKey,
  code2Session,
} from './resources/login.js';
export {
  AUTH_SCHEME,
  buildRequestMessage,
  RequestSigner,
  type RequestSignerOptions,
  signMessage,
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
  PUBLIC_KEY_ID_PREFIX,
  ResponseVerifier,
  type ResponseVerifierOptions,
  type VerificationKey,
  type VerifiedSignature,
} from './verifier.js';
