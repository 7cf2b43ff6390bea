import Database from 'better-sqlite3';
import type { Stack } from './stack.js';

/** One row of the BFF's `contract_events`: which path (notification, query, terminate) moved a contract. */
export interface ContractEvent {
  from_state: string;
  to_state: string;
  source: string;
  notification_id: string | null;
}

/**
 * The BFF's own record of a contract's transitions, read from its SQLite file as an operator would
 * (read-only, beside the running process): the page cannot tell which path applied a signing.
 */
export function contractEvents(stack: Stack, outContractCode: string): ContractEvent[] {
  const db = new Database(stack.bffDbFile, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        'select from_state, to_state, source, notification_id from contract_events ' +
          'where out_contract_code = ? order by at, id',
      )
      .all(outContractCode) as ContractEvent[];
  } finally {
    db.close();
  }
}

/** A notification as the simulator's `GET /sim/notifications` lists it (the fields the tests read). */
export interface Delivery {
  notification_id: string;
  event_type: string;
  status: string;
  attempts: { status?: number; error?: string }[];
}

export async function deliveriesOf(stack: Stack, outContractCode: string): Promise<Delivery[]> {
  const query = new URLSearchParams({ out_contract_code: outContractCode });
  const { deliveries } = (await stack.simControl(`/sim/notifications?${query}`)) as {
    deliveries: Delivery[];
  };
  return deliveries;
}

/** One row of the BFF's `orders` (the columns the scenarios read). */
export interface OrderRow {
  out_trade_no: string;
  state: string;
  pay_mode: string;
  prepay_id: string | null;
  sign_after_pay: number;
  sign_contract_code: string | null;
}

function readBff<T>(stack: Stack, sql: string, ...params: unknown[]): T[] {
  const db = new Database(stack.bffDbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const ORDER_COLUMNS = 'out_trade_no, state, pay_mode, prepay_id, sign_after_pay, sign_contract_code';

/** The order the simulator's payment page was opened for. */
export function orderByPrepay(stack: Stack, prepayId: string): OrderRow | undefined {
  return readBff<OrderRow>(stack, `select ${ORDER_COLUMNS} from orders where prepay_id = ?`, prepayId)[0];
}

/** Every order the BFF holds, oldest first (a count before and after a tap says how many it made). */
export function allOrders(stack: Stack): OrderRow[] {
  return readBff<OrderRow>(stack, `select ${ORDER_COLUMNS} from orders order by created_at, out_trade_no`);
}

/** The order's transitions, with the path that applied each (`notification`, `query`, `close`, …). */
export function orderEvents(stack: Stack, outTradeNo: string): ContractEvent[] {
  return readBff<ContractEvent>(
    stack,
    'select from_state, to_state, source, notification_id from order_events where out_trade_no = ? order by at, id',
    outTradeNo,
  );
}

/** The payment notifications the BFF processed for this order (each id once). */
export function paymentNotifications(stack: Stack, outTradeNo: string): { id: string; outcome: string }[] {
  return readBff(
    stack,
    "select id, outcome from processed_notifications where event_type = 'TRANSACTION.SUCCESS' and out_trade_no = ?",
    outTradeNo,
  );
}

/** The contract's state in the BFF (the pay-redirect pre-sign's row, by its code). */
export function contractState(stack: Stack, outContractCode: string): string | undefined {
  return readBff<{ state: string }>(
    stack,
    'select state from contracts where out_contract_code = ?',
    outContractCode,
  )[0]?.state;
}
