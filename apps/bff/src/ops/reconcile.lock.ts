import { sql } from 'kysely';
import type { Database } from '../db/database.js';

/** Runs a pass only where no other instance runs one; `undefined` = another instance holds it. */
export interface PassLock {
  withLock<T>(work: () => Promise<T>): Promise<T | undefined>;
}

/**
 * PostgreSQL: a session advisory lock on one dedicated connection, held for the whole pass and
 * released on it (or by the server when that connection dies). The key includes the schema, so
 * deployments (and test runs) sharing a database each have their own. SQLite is one process: the
 * reconciler's own "never two passes at once" is the whole lock.
 */
export function passLock(database: Database): PassLock {
  if (database.engine !== 'postgres') return { withLock: (work) => work() };
  const key = sql`hashtext(current_schema() || '.bff.reconciler')`;
  return {
    withLock: (work) =>
      database.db.connection().execute(async (conn) => {
        const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(conn);
        if (!got.rows[0]?.ok) return undefined;
        try {
          return await work();
        } finally {
          await sql`select pg_advisory_unlock(${key})`.execute(conn);
        }
      }),
  };
}
