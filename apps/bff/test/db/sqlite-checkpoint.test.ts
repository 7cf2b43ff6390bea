import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import { type Database, openDatabase } from '../../src/db/database.js';

let database: Database | undefined;
let dir: string | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('SQLite WAL checkpoints', () => {
  it('happen in the background: commits reach the database file while it stays open', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bff-wal-'));
    const file = join(dir, 'bff.sqlite');
    database = await openDatabase({ engine: 'sqlite', path: file });
    const repo = createContractsRepo(database.db, () => 'x');
    const before = statSync(file).size;
    const row = (i: number) => ({
      out_contract_code: `W${String(i).padStart(31, '0')}`,
      sub_mchid: '1900000109',
      sub_appid: 'wxsub',
      sub_openid: `o-${i}`.padEnd(100, 'x'),
      service_id: 500001,
      contract_display_account: 'acct',
    });
    // Every insert is its own commit; with auto-checkpoints off only the worker moves pages over.
    for (let i = 0; i < 400; i++)
      expect(await repo.insertPending(row(i), new Date(0).toISOString())).toBe(true);
    await until(
      'the WAL to be checkpointed into the database file',
      () => statSync(file).size > before + 40_000,
    );
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(await repo.findByCode(row(399).out_contract_code)).toMatchObject({ state: 'PRESIGNED' });
  }, 20_000);
});
