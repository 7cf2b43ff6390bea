import type { ContractOrigin } from '@kit/contract-types';
import type { Config } from '../config.js';
import { iso } from '../lib/time.js';
import type { Caller } from '../session/session.service.js';
import type { ContractsRepo, Owner } from './contracts.repo.types.js';

/** What the two pre-signs (mini program, pay-redirect) share: who signs what, and where news goes. */
export function presignFields(config: Config, caller: Caller, code: string) {
  return {
    sp_appid: config.wechatpay.spAppid,
    sub_mchid: caller.sub_mchid,
    sub_appid: caller.sub_appid,
    sub_openid: caller.sub_openid,
    service_id: caller.subMerchant.service_id,
    out_contract_code: code,
    notify_url: config.wechatpay.notifyUrl,
    // Decided by the sub-merchant's configuration, never by the client.
    contract_display_account: caller.subMerchant.contract_display_account,
  };
}

export const ownerOf = (c: Caller): Owner => ({ sub_mchid: c.sub_mchid, sub_openid: c.sub_openid });

/** WeChat Pay's answer must name the contract we asked about. */
export const answersFor = (
  res: { out_contract_code: string; sub_mchid: string },
  code: string,
  caller: Caller,
) => res.out_contract_code === code && res.sub_mchid === caller.sub_mchid;

/** Writes the PRESIGNED row before the upstream call, so a failed call is retried with the same code. */
export async function reserveContractCode(
  d: { repo: ContractsRepo; now: () => number; newContractCode: () => string },
  caller: Caller,
  origin: ContractOrigin,
): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = d.newContractCode();
    const row = {
      out_contract_code: code,
      sub_mchid: caller.sub_mchid,
      sub_appid: caller.sub_appid,
      sub_openid: caller.sub_openid,
      service_id: caller.subMerchant.service_id,
      contract_display_account: caller.subMerchant.contract_display_account,
      origin,
    };
    if (await d.repo.insertPending(row, iso(d.now()))) return code;
  }
  throw new Error('could not allocate a unique out_contract_code');
}
