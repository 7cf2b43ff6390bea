import {
  type ContractNotification,
  DecryptError,
  type HeaderLookup,
  MalformedNotificationError,
  WechatPayVerificationError,
} from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import { transitionFromFacts } from '../contracts/contracts.facts.js';
import type { ContractsRepo, NotificationOutcome } from '../contracts/contracts.repo.types.js';
import type { ContractSync } from '../contracts/contracts.sync.js';
import type { ContractRecord, NotificationDecision } from '../contracts/contracts.types.js';
import { iso } from '../lib/time.js';
import type { PaymentNotifications } from '../orders/orders.payments.js';
import type { PaymentOutcome } from '../orders/orders.types.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import { distrust, isContractEvent, type OurIdentity } from './notification-trust.js';

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

export function createNotificationsService(
  repo: ContractsRepo,
  sync: ContractSync,
  wechat: WechatPort,
  now: () => number,
  /** Our mchid and sp_appid (config.wechatpay): what a trusted plaintext must name. */
  ours: OurIdentity,
  /** TRANSACTION.SUCCESS goes to the orders. */
  payments: PaymentNotifications,
) {
  async function decide(
    n: ContractNotification,
    row: ContractRecord | undefined,
    log: FastifyBaseLogger,
  ): Promise<NotificationDecision> {
    if (!isContractEvent(n.eventType)) {
      log.warn({ notificationId: n.id, eventType: n.eventType }, 'not a contract event; not applied');
      return { kind: 'not_contract_event' };
    }
    if (!row) return { kind: 'contract_event', transition: undefined, source: 'notification' };
    const reason = distrust(row, n.payload, ours);
    const stated = reason === undefined ? transitionFromFacts(n.payload, now()) : undefined;
    if (stated) return { kind: 'contract_event', transition: stated, source: 'notification' };
    if (reason) {
      log.warn({ notificationId: n.id, reason }, 'notification not trusted; asking the query API');
    }
    // Untrusted or ambiguous plaintext: the query API is the source of truth. Its failure makes
    // WeChat retry.
    try {
      const learned = await sync.learn(row, log);
      return {
        kind: 'contract_event',
        transition: learned.known ? learned.transition : undefined,
        source: 'query',
      };
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
      const event = parse(wechat, headers, raw, log);
      if (event.kind === 'transaction') {
        try {
          const outcome = await payments.apply(event, log);
          return { notificationId: event.id, eventType: event.eventType, outcome };
        } catch (error) {
          log.error({ err: error, notificationId: event.id }, 'payment notification not recorded');
          throw new NotificationRejected(500, 'temporarily unable to process the notification');
        }
      }
      const n = event;
      const code = n.payload.out_contract_code;
      try {
        const row = isContractEvent(n.eventType) ? await repo.findByCode(code) : undefined;
        const decision = await decide(n, row, log);
        const outcome = await repo.processNotification(
          { id: n.id, eventType: n.eventType, outContractCode: code },
          decision,
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
