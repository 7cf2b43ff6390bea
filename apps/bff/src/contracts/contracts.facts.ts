import type { ContractTerminateInfo } from '@kit/contract-types';
import { normalizeTime } from '../lib/time.js';
import type { Transition } from './contracts.types.js';

/** The fields a notification plaintext or a query answer may carry. */
export interface WechatContractFacts {
  contract_state?: string | undefined;
  contract_id?: string | undefined;
  contract_signed_time?: string | undefined;
  contract_terminate_info?: ContractTerminateInfo | undefined;
}

/**
 * What the facts say, or undefined when they do not say it clearly (then the query API decides).
 * Only the sample values SIGNED / a terminate info are public; anything else is ambiguous.
 */
export function transitionFromFacts(facts: WechatContractFacts, nowMs: number): Transition | undefined {
  const state = facts.contract_state?.toUpperCase();
  const info = facts.contract_terminate_info;
  if (info || state === 'TERMINATED') {
    return {
      to: 'TERMINATED',
      contractId: facts.contract_id,
      signedAt: facts.contract_signed_time ? normalizeTime(facts.contract_signed_time, nowMs) : undefined,
      terminatedAt: normalizeTime(info?.contract_terminated_time, nowMs),
      mode: info?.contract_termination_mode,
      remark: info?.contract_termination_remark,
    };
  }
  if (state === 'SIGNED') {
    return {
      to: 'SIGNED',
      contractId: facts.contract_id,
      signedAt: normalizeTime(facts.contract_signed_time, nowMs),
    };
  }
  return undefined;
}
