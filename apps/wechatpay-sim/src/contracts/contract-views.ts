import type { ContractNotificationPayload, QueryContractResponse } from '@kit/contract-types';
import { formatChinaTime } from '@kit/wechatpay/testing';
import type { Contract, TerminateInfo } from './contract-store.js';

export interface SpIdentity {
  mchid: string;
  spAppid: string;
}

/** What the query answer and the notification plaintext both say about a contract. */
function contractFields(sp: SpIdentity, c: Contract) {
  return {
    out_contract_code: c.outContractCode,
    contract_id: c.contractId,
    mchid: sp.mchid,
    service_id: c.serviceId,
    appid: sp.spAppid,
    sub_appid: c.subAppid,
    openid: c.spOpenid,
    ...(c.subOpenid ? { sub_openid: c.subOpenid } : {}),
    contract_state: c.state,
    contract_signed_time: formatChinaTime(c.signedAt),
    ...(c.terminate ? { contract_terminate_info: terminateInfo(c.terminate) } : {}),
  };
}

/** The query API's answer for a contract. */
export function queryView(sp: SpIdentity, c: Contract): QueryContractResponse {
  return { ...contractFields(sp, c), contract_display_account: c.displayAccount };
}

/** The decrypted resource of a sign / terminate notification (field list is our assumption). */
export function notificationPayload(sp: SpIdentity, c: Contract): ContractNotificationPayload {
  return { ...contractFields(sp, c), sub_mchid: c.subMchid };
}

function terminateInfo(t: TerminateInfo) {
  return {
    contract_termination_mode: t.mode,
    contract_terminated_time: formatChinaTime(t.terminatedAt),
    ...(t.remark ? { contract_termination_remark: t.remark } : {}),
  };
}
