import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { postgresEngine, type TestEngine } from '../helpers/engines.js';

const NOW = '2026-11-28T00:00:00.000Z';
const CODE = 'c0000000000000000000000000000009';
const OWNER = { sub_mchid: '1900000109', sub_openid: 'o-prepared' };

describe('PostgreSQL: the fixed statements are named prepared statements', () => {
  let engine: TestEngine;
  let database: Database;
  beforeAll(async () => {
    engine = await postgresEngine();
    // One connection, so the session the statements were prepared in is the one asked.
    database = await openDatabase(engine.config, { ...engine.options, poolSize: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await engine?.cleanup();
  });

  const prepared = async () =>
    (
      await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(database.db)
    ).rows.map((r) => r.name);

  it('prepares each once per connection; Kysely-built queries stay unnamed', async () => {
    const repo = createContractsRepo(database.db, () => 'e1');
    const row = { ...OWNER, sub_appid: 'wxsub0000000000001', service_id: 1, contract_display_account: 'A' };
    expect(await repo.insertPending({ ...row, out_contract_code: CODE }, NOW)).toBe(true);
    const decision = {
      kind: 'contract_event',
      transition: { to: 'SIGNED', signedAt: NOW },
      source: 'notification',
    } as const;
    const n = { id: 'n-prepared', eventType: 'PASSWORD_EXEMPT_CONTRACT.SIGN', outContractCode: CODE };
    expect(await repo.processNotification(n, decision, NOW)).toBe('applied');
    expect(await repo.processNotification(n, decision, NOW)).toBe('duplicate');
    await repo.findStatus(OWNER); // built by Kysely
    expect(await prepared()).toEqual([
      'contracts.contractByCode',
      'contracts.insertEvent',
      'contracts.insertPending',
      'contracts.recordNotification',
      'contracts.signed',
    ]);
  });

  it('regression: a prepared select * would fail once a rolling upgrade adds a column; named columns do not', async () => {
    const repo = createContractsRepo(database.db, () => 'e2');
    expect(await repo.findSigned(OWNER)).toMatchObject({ out_contract_code: CODE, state: 'SIGNED' });
    await sql`alter table contracts add column added_later text`.execute(database.db);
    expect(await repo.findSigned(OWNER)).toMatchObject({ out_contract_code: CODE, state: 'SIGNED' });
    expect(await repo.findByCode(CODE)).toMatchObject({ state: 'SIGNED' });
  });
});
