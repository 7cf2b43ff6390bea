import { type Dialect, Kysely, PostgresDialect, sql } from 'kysely';
import type { Config } from '../config.js';
import { migrateToLatest } from './migrations.js';
import { type DatabaseOptions, postgresPool } from './postgres.js';
import type { DatabaseSchema } from './schema.js';
import { BUSY_TIMEOUT_MS, openSqlite, type SqliteOpened } from './sqlite.js';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  engine: Engine;
  db: Kysely<DatabaseSchema>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type { DatabaseOptions };

/** A readiness probe answers quickly; a lock held this long already means "not ready". */
const READY_BUSY_TIMEOUT_MS = 250;

/** Opens the configured engine; does not touch the schema (see `openDatabase`). */
export function createDatabase(config: Config['database'], options: DatabaseOptions = {}): Database {
  let sqlite: SqliteOpened | undefined;
  let dialect: Dialect;
  if (config.engine === 'sqlite') {
    sqlite = openSqlite(config.path);
    dialect = sqlite.dialect;
  } else {
    dialect = new PostgresDialect({ pool: postgresPool(config.url, options) });
  }
  const db = new Kysely<DatabaseSchema>({ dialect });
  return {
    engine: config.engine,
    db,
    async ping() {
      if (config.engine === 'postgres') {
        await sql`select 1`.execute(db);
        return;
      }
      // `select 1` succeeds on a SQLite file that another process holds locked (WAL readers are
      // never blocked), yet every notification would fail: ready means the write lock is obtainable.
      await db.connection().execute(async (conn) => {
        await sql.raw(`pragma busy_timeout = ${READY_BUSY_TIMEOUT_MS}`).execute(conn);
        try {
          await sql`begin immediate`.execute(conn);
          await sql`rollback`.execute(conn);
        } finally {
          await sql.raw(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`).execute(conn);
        }
      });
    },
    async close() {
      await sqlite?.stop();
      await db.destroy();
    },
  };
}

/** Opens the database and migrates it to the latest schema. */
export async function openDatabase(config: Config['database'], options: DatabaseOptions = {}) {
  const database = createDatabase(config, options);
  try {
    await migrateToLatest(database.db as Kysely<unknown>, database.engine);
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return database;
}
