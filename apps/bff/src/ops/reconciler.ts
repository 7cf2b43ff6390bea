import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from './metrics.js';
import type { PassLock } from './reconcile.lock.js';

/** What one pass gives each kind of record. */
export interface PassContext {
  now(): number;
  /** Waits its turn under the rate bound; throws once the reconciler is stopping. */
  pace(): Promise<void>;
  /**
   * Runs `work` for each item, each start paced, at most `concurrency` at once; waits for all that
   * started, then throws the first failure (or the stop).
   */
  each<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void>;
  /** Records asked about in this pass at most. */
  batch: number;
  /** Nobody (user polls, another instance) asked within this long: not asked again now. */
  intervalMs: number;
  log: FastifyBaseLogger;
  found(record: string, finding: string): void;
}

/** One kind of record (contracts; orders plug in the same way): one bounded sweep. */
export type ReconcileTask = (pass: PassContext) => Promise<void>;

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface ReconcilerOptions {
  intervalMs: number;
  perSecond: number;
  batch: number;
  concurrency: number;
  tasks: ReconcileTask[];
  lock: PassLock;
  now: () => number;
  /** Rejects when `signal` aborts. */
  sleep: Sleep;
  log: FastifyBaseLogger;
  metrics: Metrics;
}

export interface Reconciler {
  /** Starts the loop (a pass every interval); no-op when the interval is 0 or already started. */
  start(): void;
  /** One pass now; joins the running one instead of starting a second. */
  runOnce(): Promise<void>;
  /** Ends the loop and waits for the running pass (it stops at its next paced query). */
  stop(): Promise<void>;
}

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

export function createReconciler(o: ReconcilerOptions): Reconciler {
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  let loop: Promise<void> | undefined;

  const pass = async () => {
    const gapMs = 1000 / o.perSecond;
    let first = true;
    const ctx: PassContext = {
      now: o.now,
      batch: o.batch,
      intervalMs: o.intervalMs,
      log: o.log,
      async pace() {
        if (stopping.signal.aborted) throw stopping.signal.reason;
        if (!first) await o.sleep(gapMs, stopping.signal);
        first = false;
      },
      found: (record, finding) => o.metrics.reconcileFindings.inc({ record, finding }),
      async each(items, work) {
        const running = new Set<Promise<void>>();
        let failure: { error: unknown } | undefined;
        try {
          for (const item of items) {
            await ctx.pace();
            if (failure) break;
            const job: Promise<void> = work(item)
              .catch((error: unknown) => {
                failure ??= { error };
              })
              .finally(() => running.delete(job));
            running.add(job);
            if (running.size >= o.concurrency) await Promise.race(running);
          }
        } finally {
          await Promise.all(running);
        }
        if (failure) throw failure.error;
      },
    };
    try {
      const done = await o.lock.withLock(async () => {
        for (const task of o.tasks) await task(ctx);
        return true;
      });
      o.metrics.reconcileRuns.inc({ outcome: done ? 'completed' : 'skipped_locked' });
      if (done) o.metrics.reconcileLastSuccess.set(o.now() / 1000);
    } catch (error) {
      if (isAbort(error)) {
        o.metrics.reconcileRuns.inc({ outcome: 'stopped' });
        return;
      }
      o.metrics.reconcileRuns.inc({ outcome: 'failed' });
      o.log.error({ err: error }, 'reconciler pass failed');
    }
  };

  const runOnce = () => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    start() {
      if (o.intervalMs <= 0 || loop || stopping.signal.aborted) return;
      loop = (async () => {
        while (!stopping.signal.aborted) {
          try {
            await o.sleep(o.intervalMs, stopping.signal);
          } catch {
            return;
          }
          await runOnce();
        }
      })();
    },
    runOnce,
    async stop() {
      stopping.abort();
      await Promise.allSettled([loop, running]);
    },
  };
}
