import { randomBytes } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { PG_URL } from './sizes.js';

/** Read access to the BFF's database from the test, to count what was really written. */
export interface Inspector {
  /** `params` fill the engine's placeholders: `?` in SQLite, `$1…` in PostgreSQL. */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export function inspectSqlite(path: string): Inspector {
  const db = new Sqlite(path, { readonly: true, fileMustExist: true });
  return {
    all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    close: async () => {
      db.close();
    },
  };
}

export async function inspectPostgres(url: string): Promise<Inspector> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    all: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    close: () => client.end(),
  };
}

/** A fresh PostgreSQL database for this run (dropped by `drop()`), on the shared server. */
export async function freshPgDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `reliability_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface ContractCounts {
  contracts: number;
  byState: Record<string, number>;
  /** Contracts with more than one event into the same state: must be empty. */
  doubled: string[];
  /** Contracts whose state has no event leading to it (half-written): must be empty. */
  unexplained: string[];
  processedNotifications: number;
}

/** What "exactly once" means in the BFF's own tables. */
export async function contractCounts(db: Inspector): Promise<ContractCounts> {
  const states = await db.all<{ state: string; n: number | string }>(
    'select state, count(*) as n from contracts group by state',
  );
  const byState = Object.fromEntries(states.map((r) => [r.state, Number(r.n)]));
  const doubled = await db.all<{ out_contract_code: string }>(
    `select out_contract_code from contract_events group by out_contract_code, to_state having count(*) > 1`,
  );
  const unexplained = await db.all<{ out_contract_code: string }>(
    `select c.out_contract_code from contracts c where c.state <> 'PRESIGNED' and not exists
       (select 1 from contract_events e where e.out_contract_code = c.out_contract_code and e.to_state = c.state)`,
  );
  const processed = await db.all<{ n: number | string }>('select count(*) as n from processed_notifications');
  return {
    contracts: Object.values(byState).reduce((a, b) => a + b, 0),
    byState,
    doubled: doubled.map((r) => r.out_contract_code),
    unexplained: unexplained.map((r) => r.out_contract_code),
    processedNotifications: Number(processed[0]?.n ?? 0),
  };
}
