/**
 * The vocabulary of injected upstream faults, shared by the simulator's control API and every test
 * fake of WeChat Pay, so that a fault has one name wherever it is asked for.
 */

/** The upstream calls a fault can target (`notifications` is WeChat Pay calling us). */
export const FAULT_APIS = ['presign', 'query', 'terminate', 'jscode2session'] as const;
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

/** How an answer is signed: normally, or damaged on purpose by a signature fault. */
export type SignMode = 'signed' | (typeof SIGNATURE_FAULT_KINDS)[number];
