import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import type { ContractsRepo, Owner } from '../../src/contracts/contracts.repo.types.js';
import type { NotificationDecision } from '../../src/contracts/contracts.types.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { freshSchema, PG_URL } from '../helpers/pg.js';

interface Engine {
  name: string;
  /** SQLite serves one process; PostgreSQL serves N instances. */
  multiInstance: boolean;
  /** Opens one more independent connection set to the same database (a second BFF instance). */
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

async function sqliteEngine(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'bff-repo-'));
  const config: Config['database'] = { engine: 'sqlite', path: join(dir, 'bff.sqlite') };
  return {
    name: 'sqlite',
    multiInstance: false,
    open: () => openDatabase(config),
    cleanup: async () => rmSync(dir, { recursive: true }),
  };
}

async function postgresEngine(): Promise<Engine> {
  const { schema, drop } = await freshSchema();
  return {
    name: 'postgres',
    multiInstance: true,
    open: () => openDatabase({ engine: 'postgres', url: PG_URL }, { searchPath: schema, poolSize: 10 }),
    cleanup: drop,
  };
}

let counter = 0;
const ids = () => `id${(++counter).toString().padStart(8, '0')}${Math.random().toString(36).slice(2, 10)}`;
const T0 = Date.parse('2026-11-28T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const signedBy = (source: 'notification' | 'query', signedAt: string): NotificationDecision => ({
  kind: 'contract_event',
  transition: { to: 'SIGNED', signedAt },
  source,
});

describe.each([
  ['sqlite', sqliteEngine],
  ['postgres', postgresEngine],
])('contracts repository on %s', (_name, makeEngine) => {
  let engine: Engine;
  let database: Database;
  let repo: ContractsRepo;
  const alice: Owner = { sub_mchid: '1900000109', sub_openid: 'o-alice' };

  beforeAll(async () => {
    engine = await makeEngine();
    database = await engine.open();
    repo = createContractsRepo(database.db, ids);
  });
  afterAll(async () => {
    await database?.close();
    await engine?.cleanup();
  });

  const newContract = async (code: string, owner = alice, display = 'acct', minutes = 0) => {
    const ok = await repo.insertPending(
      {
        out_contract_code: code,
        ...owner,
        sub_appid: 'wxsub',
        service_id: 500001,
        contract_display_account: display,
      },
      at(minutes),
    );
    expect(ok).toBe(true);
  };
  const presigned = (code: string, minutes = 0) =>
    repo.recordPresign(
      code,
      {
        pre_entrustweb_id: `pe-${code}`,
        sign_mp_appid: 'wxsign',
        sign_mp_path: 'p',
        presign_expires_at: at(minutes + 120),
      },
      at(minutes),
    );

  it('migrates idempotently, also when two instances start together', async () => {
    const [a, b] = await Promise.all([engine.open(), engine.open()]);
    await Promise.all([a!.close(), b!.close()]);
    await database.ping();
    const tables = await database.db.introspection.getTables();
    const columns = (name: string) =>
      tables
        .find((t) => t.name === name)
        ?.columns.map((c) => c.name)
        .sort();
    expect(columns('contracts')).toEqual(
      [
        'out_contract_code',
        'sub_mchid',
        'sub_appid',
        'sub_openid',
        'service_id',
        'contract_display_account',
        'state',
        'pre_entrustweb_id',
        'sign_mp_appid',
        'sign_mp_path',
        'presign_expires_at',
        'contract_id',
        'signed_at',
        'terminated_at',
        'termination_mode',
        'termination_remark',
        'last_queried_at',
        'created_at',
        'updated_at',
        'origin',
      ].sort(),
    );
    expect(columns('processed_notifications')).toEqual(
      ['id', 'event_type', 'out_contract_code', 'out_trade_no', 'outcome', 'received_at'].sort(),
    );
    expect(columns('contract_events')).toEqual(
      ['id', 'out_contract_code', 'from_state', 'to_state', 'source', 'notification_id', 'at'].sort(),
    );
    // Each migration ran once although two instances raced to run them.
    const applied = await database.db
      .selectFrom('kysely_migration' as never)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(applied.n)).toBeGreaterThan(0);
    const names = await database.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(new Set(names.map((r) => (r as { name: string }).name)).size).toBe(names.length);
  });

  it('stores a pending pre-sign, refuses a duplicate code, and finds rows per owner only', async () => {
    await newContract('A1');
    expect(
      await repo.insertPending(
        { out_contract_code: 'A1', ...alice, sub_appid: 'x', service_id: 1, contract_display_account: 'y' },
        at(0),
      ),
    ).toBe(false);
    const lookup = (display: string, createdAfter: string) =>
      repo.presignLookup(alice, display, createdAfter);
    expect(await lookup('acct', at(-120))).toMatchObject({
      signed: undefined,
      presigned: [],
      pending: { out_contract_code: 'A1' },
    });
    expect((await lookup('other display', at(-120))).pending).toBeUndefined();
    expect((await lookup('acct', at(1))).pending).toBeUndefined();
    expect(await repo.findPresigned(alice, 5)).toEqual([]); // pending rows never reached WeChat Pay
    await presigned('A1');
    const after = await lookup('acct', at(-120));
    expect(after.pending).toBeUndefined();
    expect(after.presigned).toMatchObject([{ out_contract_code: 'A1', presign_expires_at: at(120) }]);
    expect(after.presigned[0]).not.toHaveProperty('kind');
    // Every pre-sign WeChat Pay knows can be signed, whatever its display account.
    expect((await lookup('other display', at(-120))).presigned).toHaveLength(1);
    expect((await repo.presignLookup({ ...alice, sub_openid: 'o-bob' }, 'acct', at(-120))).presigned).toEqual(
      [],
    );
    expect(await repo.findPresigned(alice, 5)).toMatchObject([
      { out_contract_code: 'A1', service_id: 500001 },
    ]);
    expect(await repo.findStatus(alice)).toBeUndefined(); // a pre-sign is not a status
    expect(await repo.findOwned('A1', { ...alice, sub_openid: 'o-bob' })).toBeUndefined();
    expect(await repo.findOwned('A1', { ...alice, sub_mchid: '1900000110' })).toBeUndefined();
  });

  it('moves states forward only and records one event per change', async () => {
    await newContract('B1');
    await presigned('B1');
    const ctx = { source: 'query' as const, now: at(1) };
    expect(await repo.transition('B1', { to: 'SIGNED', contractId: 'C1', signedAt: at(1) }, ctx)).toBe(true);
    expect(await repo.transition('B1', { to: 'SIGNED', contractId: 'C2', signedAt: at(2) }, ctx)).toBe(false);
    expect(await repo.transition('B1', { to: 'EXPIRED' }, ctx)).toBe(false);
    expect((await repo.presignLookup(alice, 'acct', at(-120))).signed).toMatchObject({
      out_contract_code: 'B1',
      contract_id: 'C1',
    });
    const term = { to: 'TERMINATED' as const, terminatedAt: at(3), mode: 'USER_TERMINATE' };
    expect(await repo.transition('B1', term, ctx)).toBe(true);
    expect(await repo.transition('B1', { to: 'SIGNED', signedAt: at(4) }, ctx)).toBe(false);
    expect(await repo.transition('B1', term, ctx)).toBe(false);
    const row = await repo.findByCode('B1');
    expect(row).toMatchObject({
      state: 'TERMINATED',
      contract_id: 'C1',
      signed_at: at(1),
      termination_mode: 'USER_TERMINATE',
    });
    expect((await repo.events('B1')).map((e) => `${e.from_state}>${e.to_state}`)).toEqual([
      'PRESIGNED>SIGNED',
      'SIGNED>TERMINATED',
    ]);

    await newContract('B2');
    await presigned('B2');
    expect(await repo.transition('B2', { to: 'EXPIRED' }, ctx)).toBe(true);
    expect(await repo.transition('B2', { to: 'SIGNED', signedAt: at(5) }, ctx)).toBe(false);
    expect(await repo.transition('NOPE', { to: 'SIGNED', signedAt: at(5) }, ctx)).toBe(false);
  });

  it('lets one caller per throttle window query WeChat Pay about a contract', async () => {
    await newContract('C1');
    await presigned('C1');
    expect(await repo.claimQuery('C1', at(10), at(9))).toBe(true);
    expect(await repo.claimQuery('C1', at(10), at(9))).toBe(false);
    expect(await repo.claimQuery('C1', at(12), at(11))).toBe(true);
  });

  it('processes a notification once: duplicate, unknown contract, unchanged', async () => {
    await newContract('D1');
    await presigned('D1');
    const n = { id: 'notif-D1', eventType: 'CONTRACT.SIGN', outContractCode: 'D1' };
    const t = signedBy('notification', at(1));
    expect(await repo.processNotification(n, t, at(1))).toBe('applied');
    expect(await repo.processNotification(n, t, at(2))).toBe('duplicate');
    expect(await repo.processNotification({ ...n, id: 'notif-D1b' }, t, at(2))).toBe('unchanged');
    expect(await repo.processNotification({ ...n, id: 'notif-X', outContractCode: 'X1' }, t, at(2))).toBe(
      'unknown_contract',
    );
    expect(await repo.events('D1')).toMatchObject([{ source: 'notification', notification_id: 'notif-D1' }]);
  });

  it('a duplicate changes nothing even when its transition would apply now', async () => {
    // The record is written last in the transaction: a duplicate runs the transition, finds its id
    // taken and rolls everything back.
    await newContract('D3');
    await presigned('D3');
    const n = { id: 'notif-D3', eventType: 'CONTRACT.SIGN', outContractCode: 'D3' };
    const undecided: NotificationDecision = {
      kind: 'contract_event',
      transition: undefined,
      source: 'query',
    };
    expect(await repo.processNotification(n, undecided, at(1))).toBe('unchanged');
    expect(await repo.processNotification(n, signedBy('notification', at(2)), at(2))).toBe('duplicate');
    expect((await repo.findByCode('D3'))?.state).toBe('PRESIGNED');
    expect(await repo.events('D3')).toEqual([]);
  });

  it('records a payment event naming a contract without touching the contract', async () => {
    await newContract('D2');
    await presigned('D2');
    const n = { id: 'notif-D2', eventType: 'TRANSACTION.SUCCESS', outContractCode: 'D2' };
    expect(await repo.processNotification(n, { kind: 'not_contract_event' }, at(1))).toBe(
      'not_contract_event',
    );
    expect((await repo.findByCode('D2'))?.state).toBe('PRESIGNED');
    expect(await repo.events('D2')).toEqual([]);
    // A query-confirmed change is recorded as the query's, with the notification that prompted it.
    const m = { ...n, id: 'notif-D2b', eventType: 'CONTRACT.SIGN' };
    expect(await repo.processNotification(m, signedBy('query', at(2)), at(2))).toBe('applied');
    expect(await repo.events('D2')).toMatchObject([{ source: 'query', notification_id: 'notif-D2b' }]);
  });

  it('status: the newest SIGNED contract, else the latest TERMINATED; pre-signs are not one', async () => {
    const bob: Owner = { ...alice, sub_openid: 'o-bob-status' };
    const ctx = { source: 'query' as const, now: at(1) };
    for (const code of ['S1', 'S2', 'S3', 'S4']) {
      await newContract(code, bob);
      await presigned(code);
    }
    expect(await repo.findStatus(bob)).toBeUndefined();
    expect((await repo.findPresigned(bob, 3)).length).toBe(3);
    await repo.transition('S1', { to: 'SIGNED', signedAt: at(1) }, ctx);
    await repo.transition('S1', { to: 'TERMINATED', terminatedAt: at(30) }, ctx);
    await repo.transition('S2', { to: 'TERMINATED', terminatedAt: at(20) }, ctx);
    expect(await repo.findStatus(bob)).toMatchObject({ out_contract_code: 'S1', state: 'TERMINATED' });
    await repo.transition('S3', { to: 'SIGNED', signedAt: at(5) }, ctx);
    await repo.transition('S4', { to: 'SIGNED', signedAt: at(3) }, ctx);
    expect(await repo.findStatus(bob)).toMatchObject({ out_contract_code: 'S3', state: 'SIGNED' });
    await repo.transition('S3', { to: 'TERMINATED', terminatedAt: at(40) }, ctx);
    expect(await repo.findStatus(bob)).toMatchObject({ out_contract_code: 'S4', state: 'SIGNED' });
    expect(await repo.findPresigned(bob, 5)).toEqual([]);
  });

  it('concurrent copies of a notification (two instances on PostgreSQL) apply it exactly once', async () => {
    const second = engine.multiInstance ? await engine.open() : database;
    const repo2 = createContractsRepo(second.db, ids);
    try {
      await newContract('E1');
      await presigned('E1');
      const n = { id: 'notif-E1', eventType: 'CONTRACT.SIGN', outContractCode: 'E1' };
      const t = signedBy('notification', at(1));
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? repo : repo2).processNotification(n, t, at(1))),
      );
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(49);
      // Different ids with the same news: the conditional update lets one through.
      const others = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? repo : repo2).processNotification(
            { ...n, id: `notif-E1-${i}` },
            {
              kind: 'contract_event',
              transition: { to: 'TERMINATED', terminatedAt: at(5) },
              source: 'notification',
            },
            at(5),
          ),
        ),
      );
      expect(others.filter((o) => o === 'applied')).toHaveLength(1);
      expect((await repo.events('E1')).map((e) => e.to_state)).toEqual(['SIGNED', 'TERMINATED']);
    } finally {
      if (second !== database) await second.close();
    }
  });
});
