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
