import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import rateLimit from '@fastify/rate-limit';
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
import { logRequests } from './http/request-log.js';
import { AppError } from './lib/errors.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { createNotificationsService } from './notifications/notifications.service.js';
import { createOrdersModule } from './orders/orders.module.js';
import { ordersRoutes } from './orders/orders.routes.js';
import { sessionRoutes } from './session/session.routes.js';
import { createSessionService } from './session/session.service.js';
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
}

/** Builds the app; it owns `database` and `wechat` from now on and closes them on `app.close()`. */
export async function buildApp(config: Config, given: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  const now = given.now ?? Date.now;
  const random = given.random ?? randomBytes;
  const database = given.database ?? (await openDatabase(config.database));
  const wechat = given.wechat ?? createWechatPort(config);

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
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  logRequests(app);
  clientErrors.register(app);
  app.addHook('onClose', async () => {
    await Promise.allSettled([database.close(), wechat.close()]);
  });

  // Infrastructure.
  await app.register(sensible);
  await registerResponseHeaders(app);
  registerErrorHandling(app);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Password-exempt contract BFF', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError(429, 'RATE_LIMITED', 'Too many requests, slow down'),
  });

  // Services.
  const newId = () => random(16).toString('hex');
  const repo = createContractsRepo(database.db, newId);
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
  const { orders, payments } = createOrdersModule({
    config,
    database,
    contracts: { repo, sync },
    wechat,
    now,
    sleep: given.sleep ?? sleep,
    newId,
  });
  const notifications = createNotificationsService(repo, sync, wechat, now, config.wechatpay, payments);

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
