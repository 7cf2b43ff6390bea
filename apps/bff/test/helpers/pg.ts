import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh schema for this run, dropped by `drop()`; connections select it through search_path. */
export async function freshSchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `bff_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
