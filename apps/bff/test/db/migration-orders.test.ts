import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import type { Database } from '../../src/db/database.js';
import { migrateTo, migrateToLatest } from '../../src/db/migrations.js';
import { ENGINES, type TestEngine } from '../helpers/engines.js';

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
    await migrateTo(raw, '0001_contracts');
    await sql`insert into contracts (out_contract_code, sub_mchid, sub_appid, sub_openid, service_id,
      contract_display_account, state, contract_id, signed_at, created_at, updated_at)
      values ('c0000000000000000000000000000001', '1900000109', 'wxsub0000000000001', 'o-alice', 500001,
      'Alice', 'SIGNED', 'CT1', ${NOW}, ${NOW}, ${NOW})`.execute(raw);
    await sql`insert into processed_notifications (id, event_type, out_contract_code, outcome, received_at)
      values ('n-1', 'CONTRACT.SIGN', 'c0000000000000000000000000000001', 'applied', ${NOW})`.execute(raw);

    await migrateToLatest(raw);
    await migrateToLatest(raw); // a second start changes nothing

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
