import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrateTo, migrateToLatest } from '../../src/db/migrations.js';
import { ENGINES, postgresEngine, type TestEngine } from '../helpers/engines.js';

const NOW = '2026-11-28T00:00:00.000Z';

describe.each(ENGINES)('migration 0002_orders on %s', (_name, makeEngine) => {
  let engine: TestEngine | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await engine?.cleanup();
  });

  it('keeps the contracts a database already holds, as MINI_PROGRAM pre-signs, and adds orders', async () => {
    engine = await makeEngine();
    database = engine.connect();
    const raw = database.db as unknown as Kysely<unknown>;
    await migrateTo(raw, database.engine, '0001_contracts');
    await sql`insert into contracts (out_contract_code, sub_mchid, sub_appid, sub_openid, service_id,
      contract_display_account, state, contract_id, signed_at, created_at, updated_at)
      values ('c0000000000000000000000000000001', '1900000109', 'wxsub0000000000001', 'o-alice', 500001,
      'Alice', 'SIGNED', 'CT1', ${NOW}, ${NOW}, ${NOW})`.execute(raw);
    await sql`insert into processed_notifications (id, event_type, out_contract_code, outcome, received_at)
      values ('n-1', 'CONTRACT.SIGN', 'c0000000000000000000000000000001', 'applied', ${NOW})`.execute(raw);

    await migrateToLatest(raw, database.engine);
    await migrateToLatest(raw, database.engine); // a second start changes nothing

    const repo = createContractsRepo(database.db, () => 'id');
    const kept = await repo.findByCode('c0000000000000000000000000000001');
    expect(kept).toMatchObject({ state: 'SIGNED', contract_id: 'CT1', origin: 'MINI_PROGRAM' });
    const n = await database.db.selectFrom('processed_notifications').selectAll().executeTakeFirstOrThrow();
    expect(n).toMatchObject({ id: 'n-1', outcome: 'applied', out_trade_no: null });
    expect(await database.db.selectFrom('orders').selectAll().execute()).toEqual([]);
    await expect(
      sql`update contracts set origin = 'ELSEWHERE' where out_contract_code = 'c0000000000000000000000000000001'`.execute(
        raw,
      ),
    ).rejects.toThrow(/check/i);
  });
});

describe('regression: a kysely_migration table in another PostgreSQL schema failed a fresh schema’s start (42P01)', () => {
  it('migrates a fresh schema while another schema of the same database is already migrated', async () => {
    const first = await postgresEngine();
    const second = await postgresEngine();
    try {
      await (await openDatabase(first.config, first.options)).close();
      const fresh = await openDatabase(second.config, second.options);
      try {
        expect(await fresh.db.selectFrom('orders').selectAll().execute()).toEqual([]);
        const own = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(
          fresh.db,
        );
        expect(own.rows[0]?.n).toBe(3);
      } finally {
        await fresh.close();
      }
    } finally {
      await first.cleanup();
      await second.cleanup();
    }
  });
});
