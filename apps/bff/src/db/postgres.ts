import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';

export interface DatabaseOptions {
  /** PostgreSQL only: run every connection with this search_path (tests use a fresh schema). */
  searchPath?: string;
  poolSize?: number;
}

const INT8_OID = 20;

function connectionPool(url: string, options: DatabaseOptions): pg.Pool {
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

/** `/* name *\/ …`: how a fixed statement text names itself (db/statements.ts). */
const NAMED = /^\/\* ([\w.]+) \*\//;

/**
 * The pool Kysely is given: a fixed statement runs as a named prepared statement, parsed and
 * planned once per connection instead of on every call. Only those: every other text (built by
 * Kysely, with varying lists) stays unnamed, so a connection holds a bounded set.
 */
export function postgresPool(url: string, options: DatabaseOptions): PostgresPool {
  const pool = connectionPool(url, options);
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((text: string, values: unknown[]) => {
          const name = NAMED.exec(text)?.[1];
          return name ? client.query({ name, text, values }) : client.query(text, values);
        }) as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}
