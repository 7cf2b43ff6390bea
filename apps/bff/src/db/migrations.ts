import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

/** One migration set for both engines: only types and constraints that SQLite and PostgreSQL share. */
const migrations: Record<string, Migration> = {
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
};

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Kysely's migrator locks its own table, so N instances starting together migrate once. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
}
