import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { type Checkpointer, JOURNAL_SIZE_LIMIT, startCheckpointer } from './sqlite.checkpoint.js';

/**
 * The BFF is its SQLite file's only writer, so a busy wait happens only while another process
 * (a backup, an sqlite3 shell) holds the lock — and better-sqlite3 waits synchronously, stalling
 * every request. 1 s bounds that stall; a write that still cannot proceed fails (a notification
 * answers 500 and WeChat Pay retries it), so nothing is lost.
 */
export const BUSY_TIMEOUT_MS = 1_000;
/** The hot paths use a few dozen distinct statements; the bound only guards against a leak. */
const STATEMENT_CACHE_MAX = 256;

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

/**
 * Kysely prepares every statement anew; preparing costs more than running our point queries. The
 * driver runs one statement at a time to completion (`all`/`run`, never a live iterator), so one
 * cached statement per SQL text is never in use twice.
 */
function cachingHandle(handle: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => handle.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = handle.prepare(sql);
        if (cache.size < STATEMENT_CACHE_MAX) cache.set(sql, statement);
      }
      return statement;
    },
  } as SqliteDialectConfig['database'];
}

export interface SqliteOpened {
  dialect: SqliteDialect;
  /** Stops the background checkpoints (before the connection closes). */
  stop(): Promise<void>;
}

export function openSqlite(path: string): SqliteOpened {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const handle = new SqliteDatabase(path);
  handle.pragma('journal_mode = WAL');
  handle.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  handle.pragma('synchronous = NORMAL');
  let checkpointer: Checkpointer | undefined;
  if (path !== ':memory:') {
    // A commit that crosses the auto-checkpoint threshold copies and fsyncs the WAL on the event
    // loop (10–50 ms stalls): a worker thread checkpoints instead (see sqlite.checkpoint.ts).
    handle.pragma('wal_autocheckpoint = 0');
    handle.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    // Without the worker the WAL would grow without bound: fall back to SQLite's own checkpoints.
    checkpointer = startCheckpointer(path, () => handle.pragma('wal_autocheckpoint = 1000'));
  }
  return {
    dialect: new ImmediateSqliteDialect({ database: cachingHandle(handle) }),
    stop: async () => {
      await checkpointer?.stop();
    },
  };
}
