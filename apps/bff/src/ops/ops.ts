import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { ContractSync } from '../contracts/contracts.sync.js';
import type { Database } from '../db/database.js';
import type { OrderSync } from '../orders/orders.sync.js';
import type { Metrics } from './metrics.js';
import { reconcileContracts } from './reconcile.contracts.js';
import { passLock } from './reconcile.lock.js';
import { reconcileOrders } from './reconcile.orders.js';
import { createReconciler, type Reconciler, type Sleep } from './reconciler.js';

/** What server.ts (and tests) drive from outside the request path. */
export interface AppOps {
  metrics: Metrics;
  /** Started by server.ts once listening (tests start it or call runOnce themselves). */
  reconciler: Reconciler;
}

export interface OpsDeps {
  config: Config;
  database: Database;
  sync: ContractSync;
  orderSync: OrderSync;
  metrics: Metrics;
  now: () => number;
  sleep?: Sleep;
}

const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, { signal });
};

/** Decorates `app.ops`; the reconciler is stopped (its running pass awaited) before the database closes. */
export function registerOps(app: FastifyInstance, deps: OpsDeps): void {
  const { config, metrics } = deps;
  const reconciler = createReconciler({
    ...config.reconcile,
    tasks: [
      reconcileContracts(deps.database, deps.sync, config.reconcile.minAgeMs),
      reconcileOrders(deps.database, deps.orderSync, config.reconcile.minAgeMs),
    ],
    lock: passLock(deps.database),
    now: deps.now,
    sleep: deps.sleep ?? realSleep,
    log: app.log.child({ component: 'reconciler' }),
    metrics,
  });
  app.decorate('ops', { metrics, reconciler });
  // preClose runs before every onClose hook (the database closes there): the pass in flight ends first.
  app.addHook('preClose', async () => {
    await reconciler.stop();
  });
}
