/**
 * The vocabulary of injected upstream faults, shared by the simulator's control API and every test
 * fake of WeChat Pay, so that a fault has one name wherever it is asked for.
 */

/**
 * The upstream calls a fault can target (`notifications` is WeChat Pay calling us). `order` is both
 * order creations (jsapi and jsapi-with-contract); `query_order` / `close_order` the order by
 * out_trade_no; `pay_redirect_sign` the pre-sign attached to an ordinary order.
 */
export const FAULT_APIS = [
  'presign',
  'query',
  'terminate',
  'jscode2session',
  'order',
  'query_order',
  'close_order',
  'pay_redirect_sign',
] as const;
export type FaultApi = (typeof FAULT_APIS)[number];

/** A 500, a 429, a delay before the normal answer, a connection closed without an answer. */
const TRANSPORT_FAULT_KINDS = ['system_error', 'rate_limited', 'delay', 'drop'] as const;
/** A 2xx without signature headers, or one whose signature covers other bytes. */
const SIGNATURE_FAULT_KINDS = ['unsigned', 'bad_signature'] as const;

export const API_FAULT_KINDS = [...TRANSPORT_FAULT_KINDS, ...SIGNATURE_FAULT_KINDS] as const;
export type ApiFaultKind = (typeof API_FAULT_KINDS)[number];

/** jscode2session answers with WeChat's errcode JSON, never with APIv3 signatures. */
export const LOGIN_FAULT_KINDS: readonly ApiFaultKind[] = TRANSPORT_FAULT_KINDS;

/** A second copy, an earlier notification sent after a later one, a `WECHATPAY/SIGNTEST/` probe first. */
export const NOTIFICATION_FAULT_KINDS = ['duplicate', 'out_of_order', 'signtest_probe'] as const;
export type NotificationFaultKind = (typeof NOTIFICATION_FAULT_KINDS)[number];

/**
 * Target `transaction_notifications`: the next TRANSACTION.SUCCESS is never sent (`drop`), sent
 * `delay_ms` late (`delay`), or its first try fails before reaching notify_url (`fail`, then retried).
 */
export const TRANSACTION_NOTIFICATION_FAULT_KINDS = ['drop', 'delay', 'fail'] as const;
export type TransactionNotificationFaultKind = (typeof TRANSACTION_NOTIFICATION_FAULT_KINDS)[number];

/** Target `password_free_payment`: the user's next password-free payment is refused (balance, risk). */
export const PASSWORD_FREE_FAULT_KINDS = ['refuse'] as const;
export type PasswordFreeFaultKind = (typeof PASSWORD_FREE_FAULT_KINDS)[number];

/** How an answer is signed: normally, or damaged on purpose by a signature fault. */
export type SignMode = 'signed' | (typeof SIGNATURE_FAULT_KINDS)[number];
