import type { ContractOrigin, ContractState, OrderState, PayMode } from '@kit/contract-types';
import type { Generated } from 'kysely';

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
  /** Defaults to MINI_PROGRAM (every row before migration 0002). */
  origin: Generated<ContractOrigin>;
}

export interface ProcessedNotificationsTable {
  id: string;
  event_type: string;
  out_contract_code: string | null;
  out_trade_no: string | null;
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

/** One row per `out_trade_no`; written before WeChat Pay is called, so no order is ever lost. */
export interface OrdersTable {
  out_trade_no: string;
  sub_mchid: string;
  sub_appid: string;
  sub_openid: string;
  idempotency_key: string;
  /** What the key was first used for: the same key with another body is refused. */
  request_hash: string;
  product_id: string;
  description: string;
  amount_total: number;
  currency: string;
  pay_mode: PayMode;
  /** PASSWORD_FREE: the contract the order was placed under. */
  out_contract_code: string | null;
  contract_id: string | null;
  /** NORMAL: the pay-redirect pre-sign reserved for it (PRESIGNED contract row). */
  sign_contract_code: string | null;
  /** 1 once that pay-redirect pre-sign was accepted by WeChat Pay. */
  sign_after_pay: number;
  /** NULL until WeChat Pay answered the order call. */
  prepay_id: string | null;
  state: OrderState;
  transaction_id: string | null;
  paid_at: string | null;
  closed_at: string | null;
  close_reason: string | null;
  expires_at: string;
  /** Who is calling WeChat Pay for this order right now (a concurrent double submit waits). */
  upstream_lease_until: string | null;
  last_queried_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderEventsTable {
  id: string;
  out_trade_no: string;
  from_state: OrderState;
  to_state: OrderState;
  source: string;
  notification_id: string | null;
  at: string;
}

export interface DatabaseSchema {
  contracts: ContractsTable;
  processed_notifications: ProcessedNotificationsTable;
  contract_events: ContractEventsTable;
  orders: OrdersTable;
  order_events: OrderEventsTable;
}
