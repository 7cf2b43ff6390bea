import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import sensible from '@fastify/sensible';
import swagger from '@fastify/swagger';
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Config } from './config.js';
import { createContractsRepo } from './contracts/contracts.repo.js';
import { contractsRoutes } from './contracts/contracts.routes.js';
import { createContractsService } from './contracts/contracts.service.js';
import { createContractSync } from './contracts/contracts.sync.js';
import { type Database, openDatabase } from './db/database.js';
import { createClientErrors } from './http/client-errors.js';
import { serverTimeouts } from './http/deadline.js';
import { docsRoutes } from './http/docs.routes.js';
import { registerErrorHandling, renderFrameworkError } from './http/error-handler.js';
import { registerResponseHeaders } from './http/headers.js';
import { healthRoutes } from './http/health.routes.js';
import { type LoggerOption, loggerOptions } from './http/logger.js';
import { registerRateLimit } from './http/rate-limit.js';
import { logRequests } from './http/request-log.js';
import { fastifyTrustProxy } from './http/trust-proxy.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { createNotificationsService } from './notifications/notifications.service.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { type AppOps, registerOps } from './ops/ops.js';
import type { Sleep } from './ops/reconciler.js';
import { connectRedis } from './ops/redis.js';
import { registerRequestMetrics } from './ops/request-metrics.js';
import { createOrdersModule } from './orders/orders.module.js';
import { ordersRoutes } from './orders/orders.routes.js';
import { sessionRoutes } from './session/session.routes.js';
import { createSessionService } from './session/session.service.js';
import { meterPort } from './upstream/wechat.metrics.js';
import { createWechatPort, type WechatPort } from './upstream/wechat.port.js';

export interface AppDeps {
  /** Epoch milliseconds. */
  now: () => number;
  random: (bytes: number) => Buffer;
  /** Waits between polls (a double submit waiting for the first one's WeChat Pay answer). */
  sleep: (ms: number) => Promise<void>;
  database: Database;
  wechat: WechatPort;
  logger: LoggerOption;
  /** This instance's metrics (server.ts serves them on METRICS_PORT). */
  metrics: Metrics;
  /** The reconciler's waits (between passes, between queries); rejects when the signal aborts. */
  reconcileSleep: Sleep;
}

declare module 'fastify' {
  interface FastifyInstance {
    ops: AppOps;
  }
}

/** Builds the app; it owns `database` and `wechat` from now on and closes them on `app.close()`. */
export async function buildApp(config: Config, given: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  const now = given.now ?? Date.now;
  const random = given.random ?? randomBytes;
  const database = given.database ?? (await openDatabase(config.database));
  const metrics = given.metrics ?? createMetrics();
  const wechat = meterPort(given.wechat ?? createWechatPort(config), metrics);

  const newRequestId = () => randomUUID();
  const clientErrors = createClientErrors(newRequestId);
  const app = Fastify({
    logger: given.logger ?? loggerOptions(config.logLevel),
    genReqId: newRequestId,
    requestIdHeader: false,
    // Our own one line per request (http/request-log.ts) replaces Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 16 * 1024,
    ...serverTimeouts(config.deadlines),
    frameworkErrors: renderFrameworkError,
    clientErrorHandler: clientErrors.handler,
    trustProxy: fastifyTrustProxy(config.trustProxy),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  logRequests(app);
  registerRequestMetrics(app, metrics);
  clientErrors.register(app);
  app.addHook('onClose', async () => {
    await Promise.allSettled([database.close(), wechat.close()]);
  });

  // Infrastructure.
  await app.register(sensible);
  registerResponseHeaders(app);
  registerErrorHandling(app);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Password-exempt contract BFF', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  const redis = config.redis ? await connectRedis(config.redis, app.log, metrics) : undefined;
  if (redis) app.addHook('onClose', () => redis.close());
  await registerRateLimit(app, config, metrics, redis);

  // Services.
  const newId = () => random(16).toString('hex');
  const repo = createContractsRepo(database.db, newId, (from, to, source) =>
    metrics.transitions.inc({ record: 'contract', from, to, source }),
  );
  const sync = createContractSync(repo, wechat, now);
  const sessions = createSessionService(config, wechat, now);
  const contracts = createContractsService({
    config,
    repo,
    sync,
    wechat,
    now,
    newContractCode: () => random(16).toString('hex'),
  });
  const {
    orders,
    payments,
    sync: orderSync,
  } = createOrdersModule({
    config,
    database,
    contracts: { repo, sync },
    wechat,
    now,
    sleep: given.sleep ?? sleep,
    newId,
    observe: (from, to, source) => metrics.transitions.inc({ record: 'order', from, to, source }),
  });
  const notifications = createNotificationsService(repo, sync, wechat, now, config.wechatpay, payments);
  registerOps(app, {
    config,
    database,
    sync,
    orderSync,
    metrics,
    now,
    ...(given.reconcileSleep ? { sleep: given.reconcileSleep } : {}),
  });

  // Routes.
  await app.register(healthRoutes, { database });
  await app.register(docsRoutes);
  await app.register(sessionRoutes, { sessions, limit: config.rateLimits.session });
  await app.register(contractsRoutes, {
    sessions,
    contracts,
    presignLimit: config.rateLimits.presignPerUser,
  });
  await app.register(ordersRoutes, { sessions, orders, ordersLimit: config.rateLimits.ordersPerUser });
  await app.register(notificationsRoutes, { notifications });
  return app;
}
