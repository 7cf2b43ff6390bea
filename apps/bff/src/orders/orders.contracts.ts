import { presignPayRedirect } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import { answersFor, ownerOf, presignFields, reserveContractCode } from '../contracts/contracts.presign.js';
import { type ContractsServiceDeps, PRESIGN_TTL_MS } from '../contracts/contracts.service.js';
import type { ContractRecord } from '../contracts/contracts.types.js';
import { AppError, upstreamError } from '../lib/errors.js';
import { iso } from '../lib/time.js';
import type { Caller } from '../session/session.service.js';

/** A SIGNED contract not confirmed by WeChat Pay for this long is asked about before it pays. */
export const CONTRACT_RECHECK_MS = 10 * 60_000;

/** What orders need from the contracts: the one to pay with, and a pre-sign to attach to a payment. */
export interface OrderContracts {
  /**
   * The caller's SIGNED contract, confirmed with the query API when not confirmed lately (a lost
   * TERMINATE notification must not leave a terminated contract in use). Never a TERMINATED one.
   */
  usable(caller: Caller, log: FastifyBaseLogger, force?: boolean): Promise<ContractRecord | undefined>;
  /**
   * Reserves a fresh out_contract_code (origin PAY_REDIRECT) and attaches it to an ordinary order's
   * prepay, so WeChat's payment sheet offers 免密 after paying. The code when WeChat Pay accepted it;
   * undefined on any failure (logged): it never blocks the payment.
   */
  signAfterPay(caller: Caller, prepayId: string, log: FastifyBaseLogger): Promise<string | undefined>;
}

export type OrderContractsDeps = ContractsServiceDeps;

export function createOrderContracts(d: OrderContractsDeps): OrderContracts {
  return {
    async usable(caller, log, force = false) {
      const contract = await d.repo.findSigned(ownerOf(caller));
      if (!contract?.contract_id) return undefined;
      const fresh =
        contract.last_queried_at !== null && contract.last_queried_at > iso(d.now() - CONTRACT_RECHECK_MS);
      if (fresh && !force) return contract;
      try {
        const learned = await d.sync.learn(contract, log);
        const nowIso = iso(d.now());
        await d.repo.markQueried(contract.out_contract_code, nowIso);
        const told = learned.known ? learned.transition : undefined;
        if (told?.to === 'TERMINATED') {
          await d.repo.transition(contract.out_contract_code, told, { source: 'query', now: nowIso });
          return undefined;
        }
      } catch (error) {
        // Unconfirmed, not refused: WeChat Pay itself refuses an order under a terminated contract.
        if (!(error instanceof AppError)) throw error;
      }
      return contract;
    },

    async signAfterPay(caller, prepayId, log) {
      try {
        const code = await reserveContractCode(d, caller, 'PAY_REDIRECT');
        const res = await presignPayRedirect(d.wechat.client, {
          ...presignFields(d.config, caller, code),
          prepay_id: prepayId,
        });
        if (!answersFor(res, code, caller)) {
          log.error({ action: 'pay-redirect pre-sign' }, 'WeChat Pay answered for another contract');
          return undefined;
        }
        const nowMs = d.now();
        await d.repo.recordPayRedirect(code, iso(nowMs + PRESIGN_TTL_MS), iso(nowMs));
        return code;
      } catch (error) {
        try {
          upstreamError(error, log, 'pay-redirect pre-sign');
        } catch {
          log.error({ err: error, action: 'pay-redirect pre-sign' }, 'pay-redirect pre-sign failed');
        }
        log.warn({ action: 'pay-redirect pre-sign' }, 'ordinary order answered without the 免密 offer');
        return undefined;
      }
    },
  };
}
