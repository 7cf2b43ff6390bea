import { until } from '@kit/test-support';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.js';
import { createReconciler, type ReconcileTask, type Sleep } from '../../src/ops/reconciler.js';
import { metricValue } from '../helpers/metrics.js';
import { createSimHarness, type SimHarness } from '../helpers/sim-harness.js';

const log = Fastify({ logger: false }).log;
const noLock = { withLock: <T>(work: () => Promise<T>) => work() };
const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

function reconciler(tasks: ReconcileTask[], opts: { intervalMs?: number; sleep?: Sleep } = {}) {
  const metrics = createMetrics();
  const r = createReconciler({
    intervalMs: opts.intervalMs ?? 0,
    perSecond: 1000,
    batch: 10,
    concurrency: 2,
    tasks,
    lock: noLock,
    now: Date.now,
    sleep: opts.sleep ?? realSleep,
    log,
    metrics,
  });
  const runs = async (outcome: string) =>
    metricValue(await metrics.registry.metrics(), 'bff_reconcile_runs_total', { outcome });
  return { r, runs };
}

describe('reconciler loop', () => {
  it('never runs two passes at once: a second call joins the running pass', async () => {
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const { r, runs } = reconciler([
      async () => {
        calls++;
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 50));
        active--;
      },
    ]);
    await Promise.all([r.runOnce(), r.runOnce(), r.runOnce()]);
    expect([calls, maxActive]).toEqual([1, 1]);
    await r.runOnce();
    expect(calls).toBe(2);
    expect(await runs('completed')).toBe(2);
  });

  it('settles a batch at most `concurrency` records at a time, every record once', async () => {
    let active = 0;
    let maxActive = 0;
    const done: number[] = [];
    const { r } = reconciler([
      (pass) =>
        pass.each([1, 2, 3, 4, 5, 6, 7], async (n) => {
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise((resolve) => setTimeout(resolve, 10 + (n % 3) * 5));
          active--;
          done.push(n);
        }),
    ]);
    await r.runOnce();
    expect(maxActive).toBe(2);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stop() waits for the running pass, which ends at its next paced query', async () => {
    const asked: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { r, runs } = reconciler([
      async (pass) => {
        for (let i = 0; i < 100; i++) {
          await pass.pace();
          asked.push(i);
          if (i === 2) await gate;
        }
      },
    ]);
    const running = r.runOnce();
    while (asked.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    let stopped = false;
    const stopping = r.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopped).toBe(false); // still inside record 2
    release();
    await stopping;
    await running;
    expect(asked).toEqual([0, 1, 2]);
    expect(await runs('stopped')).toBe(1);
  });

  it('runs every interval once started; a failed pass is counted and the loop goes on', async () => {
    let calls = 0;
    const { r, runs } = reconciler(
      [
        async () => {
          calls++;
          if (calls === 1) throw new Error('database gone');
        },
      ],
      { intervalMs: 20 },
    );
    r.start();
    r.start(); // a second start is no second loop
    while (calls < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await r.stop();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toBe(after);
    expect(await runs('failed')).toBe(1);
    expect(await runs('completed')).toBeGreaterThanOrEqual(2);
  });
});

describe('reconciler on SQLite against the simulator (one instance)', () => {
  let h: SimHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('marks a pre-sign EXPIRED once WeChat Pay does not know it past its expiry, and signs a lost SIGN', async () => {
    h = await createSimHarness();
    const never = await h.login('never-signs');
    const lost = await h.login('sign-lost');
    const unsigned = (await never.presign()).json;
    const signed = (await lost.presign()).json;
    h.dropNotifications = true;
    expect((await h.confirm(signed.pre_entrustweb_id)).status).toBe(200);
    await until(
      'the SIGN notification dropped',
      async () => (h?.dropped.length ? true : undefined),
      10_000,
      20,
    );

    // Past the 2 h validity (and the reconciler's minimum age); the users never come back.
    await h.advance(2 * 3600 + 60);
    await h.app.ops.reconciler.runOnce();
    expect((await h.repo.findByCode(unsigned.out_contract_code))?.state).toBe('EXPIRED');
    expect((await h.repo.findByCode(signed.out_contract_code))?.state).toBe('SIGNED');
    expect(await h.repo.events(unsigned.out_contract_code)).toMatchObject([
      { from_state: 'PRESIGNED', to_state: 'EXPIRED', source: 'query' },
    ]);
    // A second pass finds nothing left to do.
    await h.app.ops.reconciler.runOnce();
    const text = await h.app.ops.metrics.registry.metrics();
    expect(metricValue(text, 'bff_reconcile_findings_total', { finding: 'expired' })).toBe(1);
    expect(metricValue(text, 'bff_reconcile_findings_total', { finding: 'signed' })).toBe(1);
    expect(metricValue(text, 'bff_reconcile_runs_total', { outcome: 'completed' })).toBe(2);
    expect(await h.repo.events(signed.out_contract_code)).toHaveLength(1);
  });
});
