import { type Kysely, sql } from 'kysely';
import type { Config } from '../config.js';

type Engine = Config['database']['engine'];

/**
 * The append-only tables keyed the way they are read, so a row is one b-tree entry (SQLite: a
 * rowid table plus one index per key was two or three pages written per insert, every commit).
 * Events are read per record, so the record's key leads their primary key and the separate index
 * goes. On PostgreSQL the heap stays; only the extra index goes.
 */
const EVENTS = [
  { table: 'contract_events', key: 'out_contract_code', index: 'contract_events_code_idx' },
  { table: 'order_events', key: 'out_trade_no', index: 'order_events_no_idx' },
] as const;

const EVENT_COLUMNS = 'id, %KEY%, from_state, to_state, source, notification_id, at';
const NOTIFICATION_COLUMNS = 'id, event_type, out_contract_code, outcome, received_at, out_trade_no';

export async function compactAppendOnlyTables(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    for (const { table, key, index } of EVENTS) {
      await sql.raw(`alter table ${table} drop constraint ${table}_pkey`).execute(db);
      await sql.raw(`drop index ${index}`).execute(db);
      await sql.raw(`alter table ${table} add primary key (${key}, id)`).execute(db);
    }
    return;
  }
  for (const { table, key } of EVENTS) {
    await rebuild(db, table, EVENT_COLUMNS.replace('%KEY%', key), [
      'id varchar(32) not null',
      `${key} varchar(32) not null`,
      'from_state varchar(16) not null',
      'to_state varchar(16) not null',
      'source varchar(16) not null',
      'notification_id varchar(64)',
      'at varchar(32) not null',
      `primary key (${key}, id)`,
    ]);
  }
  await rebuild(db, 'processed_notifications', NOTIFICATION_COLUMNS, [
    'id varchar(64) not null primary key',
    'event_type varchar(64) not null',
    'out_contract_code varchar(32)',
    'outcome varchar(32) not null',
    'received_at varchar(32) not null',
    'out_trade_no varchar(32)',
  ]);
}

/** SQLite cannot change a table's key in place: copy into the new shape (its indexes go with the old). */
async function rebuild(db: Kysely<unknown>, table: string, columns: string, definition: string[]) {
  await sql.raw(`create table ${table}_next (${definition.join(', ')}) without rowid`).execute(db);
  await sql.raw(`insert into ${table}_next (${columns}) select ${columns} from ${table}`).execute(db);
  await sql.raw(`drop table ${table}`).execute(db);
  await sql.raw(`alter table ${table}_next rename to ${table}`).execute(db);
}
