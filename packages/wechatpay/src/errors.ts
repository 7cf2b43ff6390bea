/**
 * Typed errors with stable codes. Callers branch on the class (`instanceof`) or on `code`;
 * messages are for logs and never contain key material.
 */
export class WechatPayError extends Error {
  static readonly CODE: string = 'WECHATPAY_ERROR';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad keys, bad options: the process should refuse to start. */
export class ConfigurationError extends WechatPayError {
  static override readonly CODE = 'CONFIGURATION';
  constructor(message: string, options?: { cause?: unknown }) {
    super(ConfigurationError.CODE, message, options);
  }
}

/** Arguments that WeChat Pay would reject anyway; caught before any network call. */
export class InvalidRequestError extends WechatPayError {
  static override readonly CODE = 'INVALID_REQUEST';
  constructor(
    message: string,
    readonly errors: readonly string[] = [],
  ) {
    super(InvalidRequestError.CODE, message);
  }
}

/** Base of everything that means "this response / notification is not authentic". */
export class WechatPayVerificationError extends WechatPayError {}

export class MissingHeaderError extends WechatPayVerificationError {
  static override readonly CODE = 'MISSING_HEADER';
  constructor(readonly header: string) {
    super(MissingHeaderError.CODE, `missing header ${header}`);
  }
}

export class UnknownSerialError extends WechatPayVerificationError {
  static override readonly CODE = 'UNKNOWN_SERIAL';
  constructor(readonly serial: string) {
    super(UnknownSerialError.CODE, `no verification key for Wechatpay-Serial ${serial}`);
  }
}

export class TimestampSkewError extends WechatPayVerificationError {
  static override readonly CODE = 'TIMESTAMP_SKEW';
  constructor(
    readonly timestamp: string,
    message = `Wechatpay-Timestamp ${timestamp} is outside the allowed clock skew`,
  ) {
    super(TimestampSkewError.CODE, message);
  }
}

/**
 * A `Wechatpay-Signature-Type` (or request scheme) other than WECHATPAY2-SHA256-RSA2048: the signature
 * cannot be checked, so the message is not authentic.
 */
export class UnsupportedAlgorithmError extends WechatPayVerificationError {
  static override readonly CODE = 'UNSUPPORTED_ALGORITHM';
  constructor(readonly algorithm: string) {
    super(UnsupportedAlgorithmError.CODE, `unsupported algorithm ${algorithm}`);
  }
}

/** Includes WeChat Pay's deliberate `WECHATPAY/SIGNTEST/` probes: no special case. */
export class SignatureInvalidError extends WechatPayVerificationError {
  static override readonly CODE = 'SIGNATURE_INVALID';
  constructor(message = 'signature verification failed') {
    super(SignatureInvalidError.CODE, message);
  }
}

export class DecryptError extends WechatPayError {
  static override readonly CODE: string = 'DECRYPT_FAILED';
  constructor(message = 'AEAD_AES_256_GCM decryption failed', options?: { cause?: unknown }) {
    super(DecryptError.CODE, message, options);
  }
}

/**
 * A verified notification whose `resource.algorithm` is not AEAD_AES_256_GCM. The sender is authentic;
 * we cannot read what it sent. A `DecryptError` on purpose, never a verification error, so that
 * receivers answer "cannot read it", not "not authentic".
 */
export class UnsupportedResourceAlgorithmError extends DecryptError {
  static override readonly CODE = 'UNSUPPORTED_RESOURCE_ALGORITHM';
  override readonly code = UnsupportedResourceAlgorithmError.CODE;
  constructor(readonly algorithm: string) {
    super(`unsupported resource algorithm ${algorithm}`);
  }
}

export class MalformedNotificationError extends WechatPayError {
  static override readonly CODE = 'MALFORMED_NOTIFICATION';
  constructor(
    message: string,
    readonly errors: readonly string[] = [],
  ) {
    super(MalformedNotificationError.CODE, message);
  }
}

export interface ApiErrorInit {
  status: number;
  code: string;
  message: string;
  detail?: unknown;
  requestId?: string | undefined;
}

/**
 * A non-2xx answer. `code` is WeChat Pay's own code (`PARAM_ERROR`, `SIGN_ERROR`, … or
 * `HTTP_<status>` when the body has none); the class code is `WechatPayApiError.CODE` (`API_ERROR`).
 */
export class WechatPayApiError extends WechatPayError {
  static override readonly CODE: string = 'API_ERROR';
  readonly status: number;
  readonly apiCode: string;
  readonly detail: unknown;
  readonly requestId: string | undefined;

  constructor(init: ApiErrorInit) {
    // `message` is WeChat Pay's own text, verbatim, so that logs show what the upstream said.
    super(init.code, init.message);
    this.status = init.status;
    this.apiCode = init.code;
    this.detail = init.detail;
    this.requestId = init.requestId;
  }
}

/** 429, whatever spelling WeChat Pay uses for the code. */
export class WechatPayRateLimitError extends WechatPayApiError {
  static override readonly CODE = 'RATE_LIMITED';
}

/** Connection failed on every host, or a response timed out. */
export class WechatPayNetworkError extends WechatPayError {
  static override readonly CODE = 'NETWORK';
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(WechatPayNetworkError.CODE, message, options);
  }
}

/** A verified 2xx whose body does not fit the schema (or is not JSON). */
export class MalformedResponseError extends WechatPayError {
  static override readonly CODE = 'MALFORMED_RESPONSE';
  constructor(
    message: string,
    readonly errors: readonly string[] = [],
    readonly requestId?: string,
  ) {
    super(MalformedResponseError.CODE, message);
  }
}

/** jscode2session answered `{errcode, errmsg}` (40029 invalid code, 45011 rate limit, -1 busy…). */
export class WechatLoginError extends WechatPayError {
  static override readonly CODE = 'LOGIN_FAILED';
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(WechatLoginError.CODE, `jscode2session failed: ${errcode} ${errmsg}`);
  }
}
