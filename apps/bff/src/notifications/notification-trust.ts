import type { ContractNotificationPayload } from '@kit/contract-types';
import type { ContractRecord } from '../contracts/contracts.types.js';

/**
 * Payment and refund notifications are never contract events (wechatpay-apiv3.md §6). The contract
 * event names are not public, so they are not allow-listed: everything else that names one of our
 * contracts is treated as a contract event, and its plaintext is still only trusted per `vouches`.
 */
const NON_CONTRACT_EVENT_PREFIXES = ['TRANSACTION.', 'REFUND.'] as const;

export function isContractEvent(eventType: string): boolean {
  const upper = eventType.toUpperCase();
  return !NON_CONTRACT_EVENT_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

export interface OurIdentity {
  mchid: string;
  spAppid: string;
}

/**
 * Why the plaintext cannot speak for `row` on its own, or undefined when it can: our mchid and the
 * row's sub_mchid and sub_openid must be present and equal; the appids and service_id, which the
 * plaintext may carry, must then be equal too. Field names only: the values (openids) are not logged.
 */
export function distrust(
  row: ContractRecord,
  p: ContractNotificationPayload,
  ours: OurIdentity,
): string | undefined {
  const required: [string, string | undefined, string][] = [
    ['mchid', p.mchid, ours.mchid],
    ['sub_mchid', p.sub_mchid, row.sub_mchid],
    ['sub_openid', p.sub_openid, row.sub_openid],
  ];
  for (const [field, given, expected] of required) {
    if (given === undefined) return `${field} missing`;
    if (given !== expected) return `${field} differs`;
  }
  const optional: [string, string | undefined, string][] = [
    ['appid', p.appid, ours.spAppid],
    ['sub_appid', p.sub_appid, row.sub_appid],
    ['service_id', p.service_id === undefined ? undefined : String(p.service_id), String(row.service_id)],
  ];
  for (const [field, given, expected] of optional) {
    if (given !== undefined && given !== expected) return `${field} differs`;
  }
  return undefined;
}
