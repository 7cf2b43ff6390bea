import { presignPayRedirect } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { ContractsRepo, Owner } from '../contracts/contracts.repo.js';
import { PRESIGN_TTL_MS } from '../contracts/contracts.service.js';
import type { ContractSync } from '../contracts/contracts.sync.js';
import type { ContractRecord } from '../contracts/contracts.types.js';
import { AppError, upstreamError } from '../lib/errors.js';
import { iso } from '../lib/time.js';
import type { Caller } from '../session/session.service.js';
import type { WechatPort } from '../upstream/wechat.port.js';

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

export interface OrderContractsDeps {
  config: Config;
  repo: ContractsRepo;
  sync: ContractSync;
  wechat: WechatPort;
  now: () => number;
  newContractCode: () => string;
}

const owner = (c: Caller): Owner => ({ sub_mchid: c.sub_mchid, sub_openid: c.sub_openid });

export function createOrderContracts(d: OrderContractsDeps): OrderContracts {
  async function reserve(caller: Caller): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const code = d.newContractCode();
      const row = {
        out_contract_code: code,
        sub_mchid: caller.sub_mchid,
        sub_appid: caller.sub_appid,
        sub_openid: caller.sub_openid,
        service_id: caller.subMerchant.service_id,
        contract_display_account: caller.subMerchant.contract_display_account,
        origin: 'PAY_REDIRECT' as const,
      };
      if (await d.repo.insertPending(row, iso(d.now()))) return code;
    }
    throw new Error('could not allocate a unique out_contract_code');
  }

  return {
    async usable(caller, log, force = false) {
      const contract = await d.repo.findSigned(owner(caller));
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
        const code = await reserve(caller);
        const res = await presignPayRedirect(d.wechat.client, {
          sp_appid: d.config.wechatpay.spAppid,
          sub_mchid: caller.sub_mchid,
          sub_appid: caller.sub_appid,
          sub_openid: caller.sub_openid,
          service_id: caller.subMerchant.service_id,
          out_contract_code: code,
          notify_url: d.config.wechatpay.notifyUrl,
          contract_display_account: caller.subMerchant.contract_display_account,
          prepay_id: prepayId,
        });
        if (res.out_contract_code !== code || res.sub_mchid !== caller.sub_mchid) {
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
