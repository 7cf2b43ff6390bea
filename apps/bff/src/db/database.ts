import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { migrateToLatest } from './migrations.js';
import type { DatabaseSchema } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  engine: Engine;
  db: Kysely<DatabaseSchema>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL only: run every connection with this search_path (tests use a fresh schema). */
  searchPath?: string;
  poolSize?: number;
}

const INT8_OID = 20;
/**
 * The BFF is its SQLite file's only writer, so a busy wait happens only while another process
 * (a backup, an sqlite3 shell) holds the lock — and better-sqlite3 waits synchronously, stalling
 * every request. 1 s bounds that stall; a write that still cannot proceed fails (a notification
 * answers 500 and WeChat Pay retries it), so nothing is lost.
 */
const BUSY_TIMEOUT_MS = 1_000;
/** A readiness probe answers quickly; a lock held this long already means "not ready". */
const READY_BUSY_TIMEOUT_MS = 250;

function postgresPool(url: string, options: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    // service_id is a bigint column; it fits a JS number.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  // Nor a checked-out one (in a transaction when the server goes away): pg emits 'error' on the
  // client as well as failing its query, and an unhandled 'error' event kills the process. The
  // failed query carries the error to the caller; the pool drops the broken client on release.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

/**
 * `BEGIN IMMEDIATE`: a transaction takes the write lock up front instead of upgrading a read lock
 * later, which SQLite refuses (SQLITE_BUSY) when another process wrote in between.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

function sqliteHandle(path: string): SqliteDatabase.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const handle = new SqliteDatabase(path);
  handle.pragma('journal_mode = WAL');
  handle.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  handle.pragma('synchronous = NORMAL');
  return handle;
}

/** Opens the configured engine; does not touch the schema (see `openDatabase`). */
export function createDatabase(config: Config['database'], options: DatabaseOptions = {}): Database {
  const dialect =
    config.engine === 'sqlite'
      ? new ImmediateSqliteDialect({ database: sqliteHandle(config.path) })
      : new PostgresDialect({ pool: postgresPool(config.url, options) });
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
      await db.destroy();
    },
  };
}

/** Opens the database and migrates it to the latest schema. */
export async function openDatabase(config: Config['database'], options: DatabaseOptions = {}) {
  const database = createDatabase(config, options);
  try {
    await migrateToLatest(database.db as Kysely<unknown>);
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return database;
}
