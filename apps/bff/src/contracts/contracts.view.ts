import type { ContractView as ContractViewBody, PresignResponse } from '@kit/contract-types';
import type { ContractRecord } from './contracts.types.js';

/** Row → the JSON the mini program sees; absent values are omitted, never null. */
export function toContractView(row: ContractRecord): ContractViewBody {
  const view: ContractViewBody = {
    out_contract_code: row.out_contract_code,
    state: row.state,
    sub_mchid: row.sub_mchid,
    service_id: Number(row.service_id),
    contract_display_account: row.contract_display_account,
    origin: row.origin,
  };
  if (row.contract_id) view.contract_id = row.contract_id;
  if (row.presign_expires_at && (row.state === 'PRESIGNED' || row.state === 'EXPIRED')) {
    view.expires_at = row.presign_expires_at;
  }
  if (row.signed_at) view.signed_at = row.signed_at;
  if (row.terminated_at) view.terminated_at = row.terminated_at;
  if (row.termination_mode) view.termination_mode = row.termination_mode;
  return view;
}

type PresignFields =
  | 'out_contract_code'
  | 'pre_entrustweb_id'
  | 'sign_mp_appid'
  | 'sign_mp_path'
  | 'presign_expires_at';

export function toPresignResponse(row: Pick<ContractRecord, PresignFields>): PresignResponse {
  if (!row.pre_entrustweb_id || !row.sign_mp_appid || !row.sign_mp_path || !row.presign_expires_at) {
    throw new Error('contract has no completed pre-sign');
  }
  return {
    out_contract_code: row.out_contract_code,
    pre_entrustweb_id: row.pre_entrustweb_id,
    sign_mp_appid: row.sign_mp_appid,
    sign_mp_path: row.sign_mp_path,
    expires_at: row.presign_expires_at,
  };
}
