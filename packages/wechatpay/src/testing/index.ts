export {
  type ParsedAuthorization,
  parseAuthorization,
  type VerifyAuthorizationInput,
  verifyAuthorization,
} from './authorization.js';
export { generateRsaKeyPair, type RsaKeyPair } from './keys.js';
export {
  type BuildNotificationInput,
  buildNotification,
  formatChinaTime,
  type SignedHeaders,
  type SignResponseInput,
  signResponse,
} from './sign.js';
