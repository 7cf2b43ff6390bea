import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import { migrateTo, migrateToLatest } from '../../src/db/migrations.js';
import type { DatabaseSchema } from '../../src/db/schema.js';
import { createOrdersRepo, type PaymentJudge } from '../../src/orders/orders.repo.js';

const N = 300;
const NOW = '2026-11-28T00:00:00.000Z';
const OWNER = { sub_mchid: '1900000109', sub_appid: 'wxsub0000000000001', service_id: 500001 };

/**
 * (A new page now and then — a b-tree split, the file growing — adds to the three or four each one
 * changes.) Every page a commit changes is one more WAL frame written now and copied by a checkpoint later:
 * the notification paths' cost on SQLite. Counted from the WAL's size (no checkpoint runs here).
 */
async function open(dir: string, upTo?: string) {
  const path = join(dir, 'wal.sqlite');
  const handle = new SqliteDatabase(path);
  handle.pragma('journal_mode = WAL');
  handle.pragma('wal_autocheckpoint = 0');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: handle }) });
  const raw = db as unknown as Kysely<unknown>;
  await (upTo ? migrateTo(raw, 'sqlite', upTo) : migrateToLatest(raw, 'sqlite'));
  const pageSize = Number(handle.pragma('page_size', { simple: true }));
  return {
    db,
    /** Frames written by `work`, per item. */
    async framesPer(items: number, work: () => Promise<void>) {
      handle.pragma('wal_checkpoint(TRUNCATE)');
      await work();
      return (statSync(`${path}-wal`).size - 32) / (pageSize + 24) / items;
    },
    close: () => db.destroy(),
  };
}

async function contractNotifications(dir: string, upTo?: string) {
  const s = await open(dir, upTo);
  let id = 0;
  const repo = createContractsRepo(s.db, () => `e${(++id).toString(16).padStart(12, '0')}`);
  const code = (i: number) => `c${(i * 7919).toString(16).padStart(31, '0')}`;
  for (let i = 0; i < N; i++) {
    const row = { ...OWNER, out_contract_code: code(i), sub_openid: `o-${i}`, contract_display_account: 'A' };
    await repo.insertPending(row, NOW);
  }
  const frames = await s.framesPer(N, async () => {
    for (let i = 0; i < N; i++) {
      const n = {
        id: `n-${(i * 104729).toString(36)}`,
        eventType: 'PASSWORD_EXEMPT_CONTRACT.SIGN',
        outContractCode: code(i),
      };
      const decision = {
        kind: 'contract_event',
        transition: { to: 'SIGNED', signedAt: NOW },
        source: 'notification',
      } as const;
      expect(await repo.processNotification(n, decision, NOW)).toBe('applied');
    }
  });
  await s.close();
  return frames;
}

async function paymentNotifications(dir: string) {
  const s = await open(dir);
  const repo = createOrdersRepo(s.db, () => Math.random().toString(16).slice(2));
  const no = (i: number) => `T${(i * 7919).toString().padStart(12, '0')}`;
  for (let i = 0; i < N; i++) {
    await repo.insert({
      ...OWNER,
      out_trade_no: no(i),
      sub_openid: `o-${i}`,
      idempotency_key: `key-${i}`,
      request_hash: 'h',
      product_id: 'p1',
      description: 'd',
      amount_total: 100,
      currency: 'CNY',
      pay_mode: 'NORMAL',
      expires_at: NOW,
      created_at: NOW,
    });
  }
  const judge: PaymentJudge = {
    matches: () => true,
    transition: () => ({ to: 'PAID', transactionId: 'X', paidAt: NOW }),
  };
  const frames = await s.framesPer(N, async () => {
    for (let i = 0; i < N; i++) {
      const n = { id: `p-${(i * 104729).toString(36)}`, eventType: 'TRANSACTION.SUCCESS', outTradeNo: no(i) };
      expect(await repo.processPayment(n, judge, NOW)).toBe('applied');
    }
  });
  await s.close();
  return frames;
}

describe('WAL pages per committed notification (SQLite)', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'bff-wal-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('a contract notification writes the contract, its event and its id: under 4 pages, was over 6', async () => {
    const before = await contractNotifications(dir(), '0002_orders');
    const after = await contractNotifications(dir());
    console.log(`WAL frames per contract notification: ${before.toFixed(2)} (0002) → ${after.toFixed(2)}`);
    expect(after).toBeLessThanOrEqual(4);
    expect(after).toBeLessThan(before - 2);
  });

  it('a payment notification writes the order and its owner index, its event and its id: under 5 pages', async () => {
    const frames = await paymentNotifications(dir());
    console.log(`WAL frames per payment notification: ${frames.toFixed(2)}`);
    expect(frames).toBeLessThanOrEqual(5);
  });
});
