import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import type { Database } from '../../src/db/database.js';
import { migrateTo, migrateToLatest } from '../../src/db/migrations.js';
import { createOrdersRepo } from '../../src/orders/orders.repo.js';
import { ENGINES, type TestEngine } from '../helpers/engines.js';

const NOW = '2026-11-28T00:00:00.000Z';
const CODE = 'c0000000000000000000000000000001';

describe.each(ENGINES)('migration 0003_compact_append_only on %s', (_name, makeEngine) => {
  let engine: TestEngine | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await engine?.cleanup();
  });

  it('keeps every event and processed notification, and the keys still refuse duplicates', async () => {
    engine = await makeEngine();
    database = engine.connect();
    const raw = database.db as unknown as Kysely<unknown>;
    await migrateTo(raw, database.engine, '0002_orders');
    await sql`insert into contract_events (id, out_contract_code, from_state, to_state, source, notification_id, at)
      values ('e1', ${CODE}, 'PRESIGNED', 'SIGNED', 'notification', 'n-1', ${NOW}),
             ('e2', ${CODE}, 'SIGNED', 'TERMINATED', 'terminate', null, ${NOW})`.execute(raw);
    await sql`insert into order_events (id, out_trade_no, from_state, to_state, source, notification_id, at)
      values ('o1', 'T0001', 'CREATED', 'PAID', 'notification', 'n-2', ${NOW})`.execute(raw);
    await sql`insert into processed_notifications (id, event_type, out_contract_code, out_trade_no, outcome, received_at)
      values ('n-1', 'CONTRACT.SIGN', ${CODE}, null, 'applied', ${NOW}),
             ('n-2', 'TRANSACTION.SUCCESS', null, 'T0001', 'applied', ${NOW})`.execute(raw);

    await migrateToLatest(raw, database.engine);
    await migrateToLatest(raw, database.engine);

    const contracts = createContractsRepo(database.db, () => 'unused');
    expect(
      (await contracts.events(CODE)).map((e) => [e.id, e.from_state, e.to_state, e.notification_id]),
    ).toEqual([
      ['e1', 'PRESIGNED', 'SIGNED', 'n-1'],
      ['e2', 'SIGNED', 'TERMINATED', null],
    ]);
    const orders = createOrdersRepo(database.db, () => 'unused');
    expect(await orders.events('T0001')).toMatchObject([
      { id: 'o1', to_state: 'PAID', source: 'notification' },
    ]);
    const processed = await database.db
      .selectFrom('processed_notifications')
      .selectAll()
      .orderBy('id')
      .execute();
    expect(processed.map((n) => [n.id, n.out_contract_code, n.out_trade_no, n.outcome])).toEqual([
      ['n-1', CODE, null, 'applied'],
      ['n-2', null, 'T0001', 'applied'],
    ]);
    await expect(
      sql`insert into processed_notifications (id, event_type, outcome, received_at)
        values ('n-1', 'CONTRACT.SIGN', 'applied', ${NOW})`.execute(raw),
    ).rejects.toThrow(/unique|duplicate/i);
    await expect(
      sql`insert into contract_events (id, out_contract_code, from_state, to_state, source, at)
        values ('e1', ${CODE}, 'PRESIGNED', 'EXPIRED', 'query', ${NOW})`.execute(raw),
    ).rejects.toThrow(/unique|duplicate/i);
  });
});
