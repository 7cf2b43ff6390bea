import { queryContract, WechatPayApiError } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, upstreamError } from '../lib/errors.js';
import { iso } from '../lib/time.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import { transitionFromFacts } from './contracts.facts.js';
import type { ContractsRepo, Owner } from './contracts.repo.types.js';
import type { ContractRecord, Learned, Transition } from './contracts.types.js';

/** The query API is asked about one PRESIGNED contract at most this often (across instances). */
export const QUERY_THROTTLE_MS = 5_000;
/**
 * How many of a user's PRESIGNED contracts `current` asks about. Each one becomes SIGNED or EXPIRED
 * within 2 h of its pre-sign, so a real user has one or two; the bound only stops a pathological list.
 */
export const LIVE_PRESIGNS_CHECKED = 5;

/** WeChat Pay's "no such contract": a 404 or its RESOURCE_NOT_EXISTS code. */
export function isNotFound(error: unknown): boolean {
  return (
    error instanceof WechatPayApiError &&
    (error.status === 404 || error.apiCode === 'RESOURCE_NOT_EXISTS' || error.apiCode === 'NOT_FOUND')
  );
}

export interface ContractSync {
  /** Asks WeChat Pay (throws the mapped AppError on failure). */
  learn(row: ContractRecord, log: FastifyBaseLogger): Promise<Learned>;
  /**
   * For a PRESIGNED contract: ask WeChat Pay (throttled) and record what it says; a pre-sign that
   * WeChat does not know after its 2 h becomes EXPIRED. Upstream failures are logged, not thrown:
   * the caller shows what we know. `throttleMs`: skip it when anyone asked within that long.
   */
  refresh(row: ContractRecord, log: FastifyBaseLogger, throttleMs?: number): Promise<ContractRecord>;
  /**
   * Refreshes every PRESIGNED contract of the owner, not just the newest: an older pre-sign can still
   * be signed while a fresh one exists, and its notification may be lost.
   */
  refreshLive(owner: Owner, log: FastifyBaseLogger): Promise<ContractRecord[]>;
}

export function createContractSync(repo: ContractsRepo, wechat: WechatPort, now: () => number): ContractSync {
  const learn: ContractSync['learn'] = async (row, log) => {
    try {
      const facts = await queryContract(wechat.client, {
        serviceId: row.service_id,
        outContractCode: row.out_contract_code,
      });
      return { known: true, transition: transitionFromFacts(facts, now()) };
    } catch (error) {
      if (isNotFound(error)) return { known: false };
      throw upstreamError(error, log, 'query');
    }
  };

  const refresh: ContractSync['refresh'] = async (row, log, throttleMs = QUERY_THROTTLE_MS) => {
    // presign_expires_at is set when WeChat Pay accepted the pre-sign (of either origin).
    if (row.state !== 'PRESIGNED' || !row.presign_expires_at) return row;
    const nowMs = now();
    const code = row.out_contract_code;
    if (!(await repo.claimQuery(code, iso(nowMs), iso(nowMs - throttleMs)))) return row;
    try {
      const learned = await learn(row, log);
      const expired = row.presign_expires_at !== null && row.presign_expires_at <= iso(nowMs);
      const t: Transition | undefined = learned.known
        ? learned.transition
        : expired
          ? { to: 'EXPIRED' }
          : undefined;
      if (t) await repo.transition(code, t, { source: 'query', now: iso(now()) });
    } catch (error) {
      // An upstream failure was logged by upstreamError; the next poll asks again.
      if (!(error instanceof AppError)) throw error;
    }
    return (await repo.findByCode(code)) ?? row;
  };

  return {
    learn,
    refresh,
    async refreshLive(owner, log) {
      const live = await repo.findPresigned(owner, LIVE_PRESIGNS_CHECKED);
      return Promise.all(live.map((row) => refresh(row, log)));
    },
  };
}
