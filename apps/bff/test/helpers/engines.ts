import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config.js';
import { createDatabase, type Database, type DatabaseOptions } from '../../src/db/database.js';
import { freshSchema, PG_URL } from './pg.js';

/** One real database for a test file: a SQLite file in a temp dir, or a fresh PostgreSQL schema. */
export interface TestEngine {
  name: 'sqlite' | 'postgres';
  config: Config['database'];
  options: DatabaseOptions;
  /** Opens a connection set without migrating (the caller decides how far). */
  connect(): Database;
  cleanup(): Promise<void>;
}

export async function sqliteEngine(): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'bff-db-'));
  const config: Config['database'] = { engine: 'sqlite', path: join(dir, 'bff.sqlite') };
  return {
    name: 'sqlite',
    config,
    options: {},
    connect: () => createDatabase(config),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresEngine(): Promise<TestEngine> {
  const { schema, drop } = await freshSchema();
  const config: Config['database'] = { engine: 'postgres', url: PG_URL };
  const options = { searchPath: schema, poolSize: 10 };
  return { name: 'postgres', config, options, connect: () => createDatabase(config, options), cleanup: drop };
}

export const ENGINES = [
  ['sqlite', sqliteEngine],
  ['postgres', postgresEngine],
] as const;
