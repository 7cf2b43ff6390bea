import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';

export type Param = string | number | null;

/**
 * Fixed SQL texts run as they are: building and compiling hot statements with Kysely on every
 * request cost more than running them, and a fixed text is what SQLite's statement cache can
 * reuse. On PostgreSQL each becomes a named prepared statement (`/* group.name *\/` leads the
 * text; see db/postgres.ts), parsed and planned once per connection. Texts use `?` placeholders,
 * numbered once for PostgreSQL. They name their columns (`columnList`): a prepared `select *`
 * fails once a column is added, as on a rolling upgrade.
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

/** Every column of a table, in a fixed order; the compiler refuses a list that misses one. */
export function columnList<Table>(columns: Record<keyof Table & string, true>, prefix = ''): string {
  return Object.keys(columns)
    .map((c) => prefix + c)
    .join(', ');
}

/** `db` decides the placeholder style: PostgreSQL's compiler numbers them, SQLite's does not. */
export function fixedStatements<N extends string, Row = unknown>(
  db: Kysely<DatabaseSchema>,
  group: string,
  texts: Record<N, string>,
): FixedStatements<N, Row> {
  const probe = db.selectFrom('orders').select('state').where('state', '=', 'PAID').compile().sql;
  const postgres = probe.includes('$1');
  const ready = Object.fromEntries(
    Object.entries<string>(texts).map(([name, text]) => [
      name,
      postgres ? `/* ${group}.${name} */ ${numbered(text)}` : text,
    ]),
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
