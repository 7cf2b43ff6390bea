import type { ContractNotificationPayload, QueryContractResponse } from '@kit/contract-types';
import { formatChinaTime } from '@kit/wechatpay/testing';
import type { Contract } from './contract-store.js';

export interface SpIdentity {
  mchid: string;
  spAppid: string;
}

/** The query API's answer for a contract. */
export function queryView(sp: SpIdentity, c: Contract): QueryContractResponse {
  const view: QueryContractResponse = {
    mchid: sp.mchid,
    contract_id: c.contractId,
    appid: sp.spAppid,
    openid: c.spOpenid,
    sub_appid: c.subAppid,
    service_id: c.serviceId,
    out_contract_code: c.outContractCode,
    contract_display_account: c.displayAccount,
    contract_state: c.state,
    contract_signed_time: formatChinaTime(c.signedAt),
  };
  if (c.subOpenid) view.sub_openid = c.subOpenid;
  if (c.terminate) view.contract_terminate_info = terminateInfo(c);
  return view;
}

/** The decrypted resource of a sign / terminate notification (field list is our assumption). */
export function notificationPayload(sp: SpIdentity, c: Contract): ContractNotificationPayload {
  const payload: ContractNotificationPayload = {
    out_contract_code: c.outContractCode,
    contract_id: c.contractId,
    mchid: sp.mchid,
    sub_mchid: c.subMchid,
    service_id: c.serviceId,
    appid: sp.spAppid,
    sub_appid: c.subAppid,
    openid: c.spOpenid,
    contract_state: c.state,
    contract_signed_time: formatChinaTime(c.signedAt),
  };
  if (c.subOpenid) payload.sub_openid = c.subOpenid;
  if (c.terminate) payload.contract_terminate_info = terminateInfo(c);
  return payload;
}

function terminateInfo(c: Contract) {
  const t = c.terminate!;
  return {
    contract_termination_mode: t.mode,
    contract_terminated_time: formatChinaTime(t.terminatedAt),
    ...(t.remark ? { contract_termination_remark: t.remark } : {}),
  };
}
