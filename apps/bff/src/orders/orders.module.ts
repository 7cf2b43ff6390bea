import type { Config } from '../config.js';
import type { ContractsRepo } from '../contracts/contracts.repo.js';
import type { ContractSync } from '../contracts/contracts.sync.js';
import type { Database } from '../db/database.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import { configCatalog } from './orders.catalog.js';
import { createOrderContracts } from './orders.contracts.js';
import { createPaymentNotifications } from './orders.payments.js';
import { createOrderPlacement } from './orders.place.js';
import { createOrdersRepo } from './orders.repo.js';
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
}

/** The orders feature wired together: the routes' service and the notification route's payment handler. */
export function createOrdersModule(d: OrdersModuleDeps) {
  const { config, wechat, now, newId } = d;
  const repo = createOrdersRepo(d.database.db, newId);
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
  };
}
