import type { Config } from '../config.js';
import type { ContractsRepo } from '../contracts/contracts.repo.types.js';
import type { ContractSync } from '../contracts/contracts.sync.js';
import type { TransitionObserver } from '../contracts/contracts.types.js';
import type { Database } from '../db/database.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import { configCatalog } from './orders.catalog.js';
import { createOrderContracts } from './orders.contracts.js';
import { createPaymentNotifications } from './orders.payments.js';
import { createOrderPlacement } from './orders.place.js';
import { createOrdersRepo, type OrdersRepo } from './orders.repo.js';
import { createOrdersService } from './orders.service.js';
import { createOrderSync } from './orders.sync.js';

export interface OrdersModuleDeps {
  config: Config;
  database: Database;
  contracts: { repo: ContractsRepo; sync: ContractSync };
  wechat: WechatPort;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** 32 random hex characters (out_trade_no, out_contract_code, event ids). */
  newId: () => string;
  /** Told of every committed order state change (metrics). */
  observe?: TransitionObserver<string>;
}

/** The repo, telling `observe` of each committed change (every order change leaves CREATED). */
function observed(repo: OrdersRepo, observe: TransitionObserver<string> | undefined): OrdersRepo {
  if (!observe) return repo;
  return {
    ...repo,
    async transition(no, t, ctx) {
      const changed = await repo.transition(no, t, ctx);
      if (changed) observe('CREATED', t.to, ctx.source);
      return changed;
    },
    async processPayment(n, judge, now) {
      const outcome = await repo.processPayment(n, judge, now);
      if (outcome === 'applied') observe('CREATED', 'PAID', 'notification');
      return outcome;
    },
  };
}

/** The orders feature wired together: the routes' service and the notification route's payment handler. */
export function createOrdersModule(d: OrdersModuleDeps) {
  const { config, wechat, now, newId } = d;
  const repo = observed(createOrdersRepo(d.database.db, newId), d.observe);
  const sync = createOrderSync(repo, wechat, config.wechatpay.mchid, now);
  const contracts = createOrderContracts({ config, ...d.contracts, wechat, now, newContractCode: newId });
  const placement = createOrderPlacement({ config, repo, contracts, wechat, now, sleep: d.sleep });
  return {
    orders: createOrdersService({
      repo,
      sync,
      placement,
      contracts,
      catalog: configCatalog,
      wechat,
      now,
      newTradeNo: newId,
    }),
    payments: createPaymentNotifications(repo, config.wechatpay.mchid, now),
    /** For the reconciler. */
    sync,
  };
}
