import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Config } from '../config.js';
import { compactAppendOnlyTables } from './migrations.compact.js';

type Engine = Config['database']['engine'];

/**
 * One migration set for both engines: only types and constraints that SQLite and PostgreSQL share.
 * Append only: a deployed database has run the old entries and will never run them again.
 */
const migrations = (engine: Engine): Record<string, Migration> => ({
  '0001_contracts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('contracts')
        .addColumn('out_contract_code', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('sub_mchid', 'varchar(32)', (c) => c.notNull())
        .addColumn('sub_appid', 'varchar(32)', (c) => c.notNull())
        .addColumn('sub_openid', 'varchar(128)', (c) => c.notNull())
        .addColumn('service_id', 'bigint', (c) => c.notNull())
        .addColumn('contract_display_account', 'varchar(32)', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) =>
          c.notNull().check(sqlIn('state', ['PRESIGNED', 'SIGNED', 'TERMINATED', 'EXPIRED'])),
        )
        .addColumn('pre_entrustweb_id', 'varchar(128)')
        .addColumn('sign_mp_appid', 'varchar(64)')
        .addColumn('sign_mp_path', 'text')
        .addColumn('presign_expires_at', 'varchar(32)')
        .addColumn('contract_id', 'varchar(64)')
        .addColumn('signed_at', 'varchar(32)')
        .addColumn('terminated_at', 'varchar(32)')
        .addColumn('termination_mode', 'varchar(64)')
        .addColumn('termination_remark', 'text')
        .addColumn('last_queried_at', 'varchar(32)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('contracts_owner_idx')
        .on('contracts')
        .columns(['sub_mchid', 'sub_openid', 'created_at'])
        .execute();
      await db.schema
        .createTable('processed_notifications')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('event_type', 'varchar(64)', (c) => c.notNull())
        .addColumn('out_contract_code', 'varchar(32)')
        .addColumn('outcome', 'varchar(32)', (c) => c.notNull())
        .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('contract_events')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('out_contract_code', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_state', 'varchar(16)', (c) => c.notNull())
        .addColumn('to_state', 'varchar(16)', (c) => c.notNull())
        .addColumn('source', 'varchar(16)', (c) => c.notNull())
        .addColumn('notification_id', 'varchar(64)')
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('contract_events_code_idx')
        .on('contract_events')
        .column('out_contract_code')
        .execute();
    },
  },
  '0002_orders': {
    async up(db: Kysely<unknown>) {
      // Rows written before pay-redirect pre-signs existed all came from the mini program.
      await db.schema
        .alterTable('contracts')
        .addColumn('origin', 'varchar(16)', (c) =>
          c
            .notNull()
            .defaultTo('MINI_PROGRAM')
            .check(sqlIn('origin', ['MINI_PROGRAM', 'PAY_REDIRECT'])),
        )
        .execute();
      await db.schema
        .alterTable('processed_notifications')
        .addColumn('out_trade_no', 'varchar(32)')
        .execute();
      await db.schema
        .createTable('orders')
        .addColumn('out_trade_no', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('sub_mchid', 'varchar(32)', (c) => c.notNull())
        .addColumn('sub_appid', 'varchar(32)', (c) => c.notNull())
        .addColumn('sub_openid', 'varchar(128)', (c) => c.notNull())
        .addColumn('idempotency_key', 'varchar(64)', (c) => c.notNull())
        .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('product_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('description', 'varchar(127)', (c) => c.notNull())
        .addColumn('amount_total', 'integer', (c) => c.notNull().check(sql`amount_total >= 1`))
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('pay_mode', 'varchar(16)', (c) =>
          c.notNull().check(sqlIn('pay_mode', ['PASSWORD_FREE', 'NORMAL'])),
        )
        .addColumn('out_contract_code', 'varchar(32)')
        .addColumn('contract_id', 'varchar(64)')
        .addColumn('sign_contract_code', 'varchar(32)')
        .addColumn('sign_after_pay', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('prepay_id', 'varchar(64)')
        .addColumn('state', 'varchar(16)', (c) =>
          c.notNull().check(sqlIn('state', ['CREATED', 'PAID', 'CLOSED'])),
        )
        .addColumn('transaction_id', 'varchar(32)')
        .addColumn('paid_at', 'varchar(32)')
        .addColumn('closed_at', 'varchar(32)')
        .addColumn('close_reason', 'varchar(32)')
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('upstream_lease_until', 'varchar(32)')
        .addColumn('last_queried_at', 'varchar(32)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('orders_idempotency_idx')
        .unique()
        .on('orders')
        .columns(['sub_mchid', 'sub_openid', 'idempotency_key'])
        .execute();
      await db.schema
        .createIndex('orders_owner_idx')
        .on('orders')
        .columns(['sub_mchid', 'sub_openid', 'product_id', 'state'])
        .execute();
      await db.schema
        .createTable('order_events')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('out_trade_no', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_state', 'varchar(16)', (c) => c.notNull())
        .addColumn('to_state', 'varchar(16)', (c) => c.notNull())
        .addColumn('source', 'varchar(16)', (c) => c.notNull())
        .addColumn('notification_id', 'varchar(64)')
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('order_events_no_idx').on('order_events').column('out_trade_no').execute();
    },
  },
  '0003_compact_append_only': { up: (db: Kysely<unknown>) => compactAppendOnlyTables(db, engine) },
});

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

/** Kysely's migrator locks its own table, so N instances starting together migrate once. */
export async function migrateToLatest(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await migrate(db, engine);
}

/** Up to and including `name` (tests build a database as an older release left it). */
export async function migrateTo(db: Kysely<unknown>, engine: Engine, name: string): Promise<void> {
  await migrate(db, engine, name);
}

/**
 * On PostgreSQL the migrator's own tables are named with the schema we run in: unqualified, Kysely
 * takes a `kysely_migration` of any other schema for ours, skips creating it, then fails to read it.
 */
async function migrationTableSchema(db: Kysely<unknown>, engine: Engine): Promise<string | undefined> {
  if (engine !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}

async function migrate(db: Kysely<unknown>, engine: Engine, target?: string): Promise<void> {
  const schema = await migrationTableSchema(db, engine);
  const provider: MigrationProvider = { getMigrations: async () => migrations(engine) };
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await (target ? migrator.migrateTo(target) : migrator.migrateToLatest());
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
}
