import { type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { NOTIFICATION_MAX_TRIES, NOTIFICATION_RETRY_WAITS_S, WECHATPAY_HEADERS } from '@kit/wechatpay';
import { buildNotification, formatChinaTime, signResponse } from '@kit/wechatpay/testing';
import type { SimClock } from '../clock.js';
import type { FaultRegistry } from '../faults/faults.js';
import type { Identity } from '../identity/identity.js';
import type { Delivery, DeliveryLog } from './delivery-log.js';
import type { PostFn } from './http-post.js';
import type { NotificationEvent } from './notification.types.js';

/** An out_of_order notification waits at most this long (WeChat time) for a successor. */
const HOLD_LIMIT_MS = 60_000;

export interface NotifierDeps {
  identity: Identity;
  wechatpayPrivateKey: KeyObject;
  clock: SimClock;
  faults: FaultRegistry;
  log: DeliveryLog;
  post: PostFn;
  timeoutMs: number;
}

/** Sends signed, encrypted notifications to notify_url and retries them on WeChat Pay's schedule. */
export class Notifier {
  private held: Array<() => void> = [];
  private readonly delayed = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly deps: NotifierDeps) {}

  notify(event: NotificationEvent): void {
    const { identity, wechatpayPrivateKey, clock, faults } = this.deps;
    const { body } = buildNotification({
      privateKey: wechatpayPrivateKey,
      serial: identity.wechatpayPublicKeyId,
      apiV3Key: identity.apiV3Key,
      id: randomUUID(),
      eventType: event.eventType,
      summary: event.summary,
      payload: event.payload,
      originalType: event.resourceType,
      associatedData: event.resourceType,
      now: () => clock.wechatNow(),
    });
    const record = (kind: Delivery['kind'], status: Delivery['status']) =>
      this.deps.log.add({
        notification_id: (JSON.parse(body) as { id: string }).id,
        event_type: event.eventType,
        ...event.ref,
        notify_url: event.notifyUrl,
        kind,
        status,
        created_at: formatChinaTime(clock.wechatNow()),
        body,
      });
    const lost = event.resourceType === 'transaction' ? faults.takeTransactionNotification() : undefined;
    if (lost?.kind === 'drop') {
      record('normal', 'dropped');
      return;
    }
    if (lost?.kind === 'delay') {
      const delivery = record('normal', 'delayed');
      const timer = setTimeout(() => {
        this.delayed.delete(timer);
        void this.deliver(delivery);
      }, lost.delayMs);
      this.delayed.add(timer);
      return;
    }
    const failFirst = lost?.kind === 'fail';
    const earlier = this.held.splice(0);
    const fault = faults.takeNotification();
    if (fault === 'out_of_order') {
      const delivery = record('normal', 'held');
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        void this.deliver(delivery);
      };
      this.held.push(release);
      clock.schedule(HOLD_LIMIT_MS, release);
      for (const next of earlier) next();
      return;
    }
    let first: Promise<void>;
    if (fault === 'signtest_probe') {
      const probe = record('probe', 'pending');
      const real = record('normal', 'pending');
      first = this.attempt(probe, 1).then(() => this.deliver(real, failFirst));
    } else {
      first = this.deliver(record('normal', 'pending'), failFirst);
      if (fault === 'duplicate') void this.deliver(record('duplicate', 'pending'));
    }
    // Earlier held notifications go out only after this later one: that is the disorder asked for.
    void first.finally(() => {
      for (const next of earlier) next();
    });
  }

  close(): void {
    this.closed = true;
    this.held = [];
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
  }

  private deliver(delivery: Delivery, failFirst = false): Promise<void> {
    delivery.status = 'pending';
    return this.attempt(delivery, 1, failFirst);
  }

  /**
   * Resolves after this try has an outcome (the retry, if any, is only scheduled). `fail`: the try
   * breaks before reaching notify_url, as a network failure on WeChat's side would.
   */
  private async attempt(delivery: Delivery, tryNo: number, fail = false): Promise<void> {
    const { clock, post, timeoutMs } = this.deps;
    delivery.next_attempt_at = undefined;
    const probe = delivery.kind === 'probe';
    const headers = this.headers(delivery.body, probe);
    const at = formatChinaTime(clock.wechatNow());
    const result = fail
      ? { error: 'fault: fail' }
      : await post(delivery.notify_url, headers, delivery.body, timeoutMs);
    if (this.closed) return;
    const ok = 'status' in result && result.status >= 200 && result.status < 300;
    delivery.attempts.push({ at, ...result, signature: probe ? 'probe' : 'valid' });
    if (probe) {
      delivery.status = ok ? 'accepted' : 'rejected';
    } else if (ok) {
      delivery.status = 'delivered';
    } else if (tryNo >= NOTIFICATION_MAX_TRIES) {
      delivery.status = 'failed';
    } else {
      const waitMs = NOTIFICATION_RETRY_WAITS_S[tryNo - 1]! * 1000;
      delivery.next_attempt_at = formatChinaTime(clock.wechatNow() + waitMs);
      clock.schedule(waitMs, () => void this.attempt(delivery, tryNo + 1));
    }
  }

  /** Re-signed on every try: WeChat Pay's timestamp must stay within the receiver's 300 s window. */
  private headers(body: string, probe: boolean): Record<string, string> {
    const { identity, wechatpayPrivateKey, clock } = this.deps;
    const signed = signResponse({
      privateKey: wechatpayPrivateKey,
      serial: identity.wechatpayPublicKeyId,
      body,
      now: () => clock.realNow(),
    });
    if (probe)
      signed[WECHATPAY_HEADERS.signature] = `WECHATPAY/SIGNTEST/${randomBytes(192).toString('base64')}`;
    return { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/4.0', ...signed };
  }
}
