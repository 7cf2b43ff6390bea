import type { ContractState } from '@kit/contract-types';

/** Timestamps are ISO-8601 UTC strings (`Date#toISOString`): they sort and compare as text on both engines. */
export interface ContractsTable {
  out_contract_code: string;
  sub_mchid: string;
  sub_appid: string;
  sub_openid: string;
  service_id: number;
  contract_display_account: string;
  state: ContractState;
  /** NULL while the pre-sign call has not succeeded yet: the row exists so a retry reuses the code. */
  pre_entrustweb_id: string | null;
  sign_mp_appid: string | null;
  sign_mp_path: string | null;
  presign_expires_at: string | null;
  contract_id: string | null;
  signed_at: string | null;
  terminated_at: string | null;
  termination_mode: string | null;
  termination_remark: string | null;
  last_queried_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProcessedNotificationsTable {
  id: string;
  event_type: string;
  out_contract_code: string | null;
  outcome: string;
  received_at: string;
}

/** One row per applied transition: the audit trail, and what tests count to prove "exactly once". */
export interface ContractEventsTable {
  id: string;
  out_contract_code: string;
  from_state: ContractState;
  to_state: ContractState;
  source: string;
  notification_id: string | null;
  at: string;
}

export interface DatabaseSchema {
  contracts: ContractsTable;
  processed_notifications: ProcessedNotificationsTable;
  contract_events: ContractEventsTable;
}
