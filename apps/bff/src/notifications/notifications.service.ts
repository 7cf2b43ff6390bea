import {
  type ContractNotification,
  DecryptError,
  type HeaderLookup,
  MalformedNotificationError,
  WechatPayVerificationError,
} from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import { transitionFromFacts } from '../contracts/contracts.facts.js';
import type { ContractsRepo, NotificationOutcome } from '../contracts/contracts.repo.js';
import type { ContractSync } from '../contracts/contracts.sync.js';
import type { ContractRecord, Transition } from '../contracts/contracts.types.js';
import { iso } from '../lib/time.js';
import type { PaymentNotifications } from '../orders/orders.payments.js';
import type { PaymentOutcome } from '../orders/orders.types.js';
import type { WechatPort } from '../upstream/wechat.port.js';

/** Rendered as `{"code":"FAIL","message":…}`: WeChat Pay retries on any non-2xx. */
export class NotificationRejected extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 500,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationRejected';
  }
}

function parse(wechat: WechatPort, headers: HeaderLookup, raw: Buffer, log: FastifyBaseLogger) {
  try {
    return wechat.notifications.parseEvent(headers, raw);
  } catch (error) {
    if (error instanceof WechatPayVerificationError) {
      log.warn({ reason: error.code }, 'notification rejected: not authentic');
      throw new NotificationRejected(401, 'signature verification failed');
    }
    if (error instanceof DecryptError || error instanceof MalformedNotificationError) {
      log.warn({ reason: error.code }, 'notification rejected: cannot read it');
      throw new NotificationRejected(400, 'notification could not be decrypted or parsed');
    }
    throw error;
  }
}

/** A notification that names another sub-merchant, user or service than our row is not applied. */
function mismatch(row: ContractRecord, n: ContractNotification): boolean {
  const p = n.payload;
  return (
    (p.sub_mchid !== undefined && p.sub_mchid !== row.sub_mchid) ||
    (p.sub_openid !== undefined && p.sub_openid !== row.sub_openid) ||
    (p.service_id !== undefined && String(p.service_id) !== String(row.service_id))
  );
}

export function createNotificationsService(
  repo: ContractsRepo,
  sync: ContractSync,
  wechat: WechatPort,
  now: () => number,
  payments: PaymentNotifications,
) {
  async function decide(n: ContractNotification, row: ContractRecord | undefined, log: FastifyBaseLogger) {
    if (!row) return undefined;
    if (mismatch(row, n)) {
      log.warn({ notificationId: n.id }, 'notification does not match the stored contract; not applied');
      return undefined;
    }
    const stated = transitionFromFacts(n.payload, now());
    if (stated) return stated;
    // Ambiguous plaintext: the query API is the source of truth. Its failure makes WeChat retry.
    try {
      return await sync.learn(row, log);
    } catch {
      throw new NotificationRejected(500, 'could not confirm the contract state');
    }
  }

  return {
    /**
     * Verifies, decrypts and applies one notification; resolves when it is safe to answer 204, with
     * what the request's log line should say.
     */
    async handle(headers: HeaderLookup, raw: Buffer, log: FastifyBaseLogger): Promise<HandledNotification> {
      const n = parse(wechat, headers, raw, log);
      if (n.kind === 'transaction') {
        try {
          const outcome = await payments.apply(n, log);
          return { notificationId: n.id, eventType: n.eventType, outcome };
        } catch (error) {
          log.error({ err: error, notificationId: n.id }, 'payment notification not recorded');
          throw new NotificationRejected(500, 'temporarily unable to process the notification');
        }
      }
      const code = n.payload.out_contract_code;
      try {
        const row = await repo.findByCode(code);
        const t: Transition | undefined = await decide(n, row, log);
        const outcome = await repo.processNotification(
          { id: n.id, eventType: n.eventType, outContractCode: code },
          t,
          iso(now()),
          row,
        );
        return { notificationId: n.id, eventType: n.eventType, outcome };
      } catch (error) {
        if (error instanceof NotificationRejected) throw error;
        log.error({ err: error, notificationId: n.id }, 'notification not recorded');
        throw new NotificationRejected(500, 'temporarily unable to process the notification');
      }
    },
  };
}

export type HandledNotification = {
  notificationId: string;
  eventType: string;
  outcome: NotificationOutcome | PaymentOutcome;
};

export type NotificationsService = ReturnType<typeof createNotificationsService>;
