import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';

export type Param = string | number | null;

/**
 * Fixed SQL texts run as they are: building and compiling hot statements with Kysely on every
 * request cost more than running them, and a fixed text is what SQLite's statement cache (and
 * PostgreSQL's plan) can reuse. Texts use `?` placeholders, numbered once for PostgreSQL.
 */
export interface FixedStatements<N extends string, Row = unknown> {
  rows<R = Row>(db: Kysely<DatabaseSchema>, name: N, params: Param[]): Promise<R[]>;
  /** Rows inserted or updated. */
  changes(db: Kysely<DatabaseSchema>, name: N, params: Param[]): Promise<number>;
}

function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** `db` decides the placeholder style: PostgreSQL's compiler numbers them, SQLite's does not. */
export function fixedStatements<N extends string, Row = unknown>(
  db: Kysely<DatabaseSchema>,
  texts: Record<N, string>,
): FixedStatements<N, Row> {
  const probe = db.selectFrom('orders').select('state').where('state', '=', 'PAID').compile().sql;
  const postgres = probe.includes('$1');
  const ready = Object.fromEntries(
    Object.entries<string>(texts).map(([name, text]) => [name, postgres ? numbered(text) : text]),
  ) as Record<N, string>;
  const run = (on: Kysely<DatabaseSchema>, name: N, params: Param[]) =>
    on.executeQuery(CompiledQuery.raw(ready[name], params));
  return {
    async rows<R>(on: Kysely<DatabaseSchema>, name: N, params: Param[]) {
      return (await run(on, name, params)).rows as R[];
    },
    async changes(on, name, params) {
      return Number((await run(on, name, params)).numAffectedRows ?? 0n);
    },
  };
}
