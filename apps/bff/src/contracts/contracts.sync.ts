import { queryContract, WechatPayApiError } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, upstreamError } from '../lib/errors.js';
import { iso } from '../lib/time.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import { transitionFromFacts } from './contracts.facts.js';
import type { ContractsRepo } from './contracts.repo.js';
import type { ContractRecord, Transition } from './contracts.types.js';

/** The query API is asked about one PRESIGNED contract at most this often (across instances). */
export const QUERY_THROTTLE_MS = 5_000;

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
      if (row.state !== 'PRESIGNED' || !row.presign_expires_at) return row;
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
