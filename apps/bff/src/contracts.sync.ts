import type { ContractTerminateInfo } from '@kit/contract-types';
import { queryContract, WechatPayApiError } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import type { ContractRecord, ContractsRepo, Transition } from './contracts.repo.js';
import { AppError, upstreamError } from './errors.js';
import type { WechatPort } from './wechatpay.client.js';

/** The query API is asked about one PRESIGNED contract at most this often (across instances). */
export const QUERY_THROTTLE_MS = 5_000;

/** The fields a notification plaintext or a query answer may carry. */
export interface WechatContractFacts {
  contract_state?: string | undefined;
  contract_id?: string | undefined;
  contract_signed_time?: string | undefined;
  contract_terminate_info?: ContractTerminateInfo | undefined;
}

export const iso = (ms: number) => new Date(ms).toISOString();

function normalizeTime(value: string | undefined, fallbackMs: number): string {
  const ms = value ? Date.parse(value) : Number.NaN;
  return iso(Number.isNaN(ms) ? fallbackMs : ms);
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

function isNotFound(error: unknown): boolean {
  return (
    error instanceof WechatPayApiError &&
    (error.status === 404 || error.apiCode === 'RESOURCE_NOT_EXISTS' || error.apiCode === 'NOT_FOUND')
  );
}

export interface ContractSync {
  /** Asks WeChat Pay (throws the mapped AppError on failure); undefined = not signed there (yet). */
  learn(row: ContractRecord, log: FastifyBaseLogger): Promise<Transition | undefined>;
  /**
   * For a PRESIGNED contract: ask WeChat Pay (throttled) and record what it says; a pre-sign that
   * WeChat does not know after its 2 h becomes EXPIRED. Upstream failures are logged, not thrown:
   * the caller shows what we know.
   */
  refresh(row: ContractRecord, log: FastifyBaseLogger): Promise<ContractRecord>;
}

export function createContractSync(repo: ContractsRepo, wechat: WechatPort, now: () => number): ContractSync {
  const learn: ContractSync['learn'] = async (row, log) => {
    try {
      const facts = await queryContract(wechat.client, {
        serviceId: row.service_id,
        outContractCode: row.out_contract_code,
      });
      return transitionFromFacts(facts, now());
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw upstreamError(error, log, 'query');
    }
  };

  return {
    learn,
    async refresh(row, log) {
      if (row.state !== 'PRESIGNED' || !row.pre_entrustweb_id) return row;
      const nowMs = now();
      const code = row.out_contract_code;
      if (!(await repo.claimQuery(code, iso(nowMs), iso(nowMs - QUERY_THROTTLE_MS)))) return row;
      try {
        const learned = await learn(row, log);
        const expired = row.presign_expires_at !== null && row.presign_expires_at <= iso(nowMs);
        const t: Transition | undefined = learned ?? (expired ? { to: 'EXPIRED' } : undefined);
        if (t) await repo.transition(code, t, { source: 'query', now: iso(now()) });
      } catch (error) {
        // An upstream failure was logged by upstreamError; the next poll asks again.
        if (!(error instanceof AppError)) throw error;
      }
      return (await repo.findByCode(code)) ?? row;
    },
  };
}
