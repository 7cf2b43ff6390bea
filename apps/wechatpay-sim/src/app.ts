import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadPrivateKey, loadPublicKey } from '@kit/wechatpay';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SimClock } from './clock.js';
import { ContractStore } from './contracts/contract-store.js';
import { ContractsService } from './contracts/contracts.service.js';
import { FaultRegistry } from './faults/faults.js';
import type { Identity } from './identity/identity.js';
import { DeliveryLog } from './notifications/delivery-log.js';
import { httpPost, type PostFn } from './notifications/http-post.js';
import { Notifier } from './notifications/notifier.js';
import { OrderStore } from './orders/order-store.js';
import { OrdersService } from './orders/orders.service.js';
import { PayRedirectService } from './orders/pay-redirect.service.js';
import { PaymentSheetService } from './orders/payment-sheet.service.js';
import { ResponseSigner } from './protocol/signed-reply.js';
import { controlRoutes } from './routes/control.routes.js';
import { loginRoutes } from './routes/login.routes.js';
import { payRoutes } from './routes/pay.routes.js';
import { payPageRoutes } from './routes/pay-page.routes.js';
import { signPageRoutes } from './routes/sign-page.routes.js';

export interface AppDeps {
  identity: Identity;
  clock: SimClock;
  notifyTimeoutMs: number;
  logLevel?: 'silent' | 'info' | 'debug';
  /** Replaces the HTTP POST to notify_url (tests of the notifier itself). */
  post?: PostFn;
}

export interface SimApp {
  app: FastifyInstance;
  faults: FaultRegistry;
  deliveries: DeliveryLog;
  store: ContractStore;
  orders: OrderStore;
}

/** A WeChat-Pay-shaped request id: 32 upper-case hex characters. */
const requestId = () => randomBytes(16).toString('hex').toUpperCase();

export async function buildApp(deps: AppDeps): Promise<SimApp> {
  const { identity, clock } = deps;
  const [merchantPem, wechatpayPem] = await Promise.all([
    readFile(identity.merchantPublicKeyFile, 'utf8'),
    readFile(identity.wechatpayPrivateKeyFile, 'utf8'),
  ]);
  const merchantPublicKey = loadPublicKey(merchantPem);
  const wechatpayPrivateKey = loadPrivateKey(wechatpayPem);

  const app = Fastify({
    genReqId: requestId,
    logger: deps.logLevel && deps.logLevel !== 'silent' ? loggerOptions(deps.logLevel) : false,
  });
  const store = new ContractStore();
  const faults = new FaultRegistry();
  const deliveries = new DeliveryLog();
  const notifier = new Notifier({
    identity,
    wechatpayPrivateKey,
    clock,
    faults,
    log: deliveries,
    post: deps.post ?? httpPost,
    timeoutMs: deps.notifyTimeoutMs,
  });
  const notify = notifier.notify.bind(notifier);
  const contracts = new ContractsService({ identity, store, clock, notify });
  const orders = new OrderStore();
  const ordersService = new OrdersService({ identity, orders, contracts: store, clock });
  const payRedirect = new PayRedirectService({ identity, store, orders, ordersService, clock });
  const sheet = new PaymentSheetService({
    orders,
    ordersService,
    store,
    contracts,
    faults,
    clock,
    notify,
  });
  const signer = new ResponseSigner({
    privateKey: wechatpayPrivateKey,
    serial: identity.wechatpayPublicKeyId,
    now: () => clock.realNow(),
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(payRoutes, {
    identity,
    merchantPublicKey,
    contracts,
    payRedirect,
    ordersService,
    faults,
    signer,
    clock,
  });
  await app.register(loginRoutes, { identity, faults });
  await app.register(controlRoutes, { identity, contracts, store, faults, deliveries, clock, sheet });
  await app.register(signPageRoutes, { contracts, store });
  await app.register(payPageRoutes, { identity, store, sheet });
  app.addHook('onClose', async () => {
    notifier.close();
    clock.cancelAll();
  });
  return { app, faults, deliveries, store, orders };
}

/** Request logs name the path only: jscode2session carries the app secret in its query. */
function loggerOptions(level: 'info' | 'debug') {
  return {
    level,
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
    },
  };
}
