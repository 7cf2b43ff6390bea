import {
  API_FAULT_KINDS,
  type ApiFaultKind,
  FAULT_APIS,
  type FaultApi,
  LOGIN_FAULT_KINDS,
  NOTIFICATION_FAULT_KINDS,
  type NotificationFaultKind,
  PASSWORD_FREE_FAULT_KINDS,
  TRANSACTION_NOTIFICATION_FAULT_KINDS,
  type TransactionNotificationFaultKind,
} from '@kit/wechatpay/testing';
import { ControlError } from '../protocol/errors.js';

/** Targets that are not an API the merchant calls: WeChat Pay's own behaviour. */
export const BEHAVIOUR_TARGETS = [
  'notifications',
  'transaction_notifications',
  'password_free_payment',
] as const;
export type FaultTarget = FaultApi | (typeof BEHAVIOUR_TARGETS)[number];

/** Which kinds each target accepts. */
const KINDS: Record<FaultTarget, readonly string[]> = {
  ...(Object.fromEntries(FAULT_APIS.map((api) => [api, API_FAULT_KINDS])) as unknown as Record<
    FaultApi,
    readonly string[]
  >),
  jscode2session: LOGIN_FAULT_KINDS,
  notifications: NOTIFICATION_FAULT_KINDS,
  transaction_notifications: TRANSACTION_NOTIFICATION_FAULT_KINDS,
  password_free_payment: PASSWORD_FREE_FAULT_KINDS,
};

export interface FaultSpec {
  target: FaultTarget;
  kind: string;
  /** How many calls (or notifications, or payments) it affects, default 1. */
  count?: number;
  /** For `delay`: real milliseconds (not scaled) before the call or notification proceeds. */
  delay_ms?: number;
}

export interface ApiFault {
  kind: ApiFaultKind;
  delayMs: number;
}

export interface TransactionNotificationFault {
  kind: TransactionNotificationFaultKind;
  delayMs: number;
}

interface Entry {
  id: number;
  target: FaultTarget;
  kind: string;
  remaining: number;
  delayMs: number;
}

/** Queued faults per target: each call consumes the oldest matching fault, first in first out. */
export class FaultRegistry {
  private entries: Entry[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Entry {
    const accepted = KINDS[spec.target];
    if (!accepted.includes(spec.kind)) {
      throw new ControlError(400, 'INVALID_FAULT', `${spec.target} accepts ${accepted.join(', ')}`);
    }
    if (spec.kind === 'delay' && spec.delay_ms === undefined) {
      throw new ControlError(400, 'INVALID_FAULT', 'delay needs delay_ms');
    }
    const entry: Entry = {
      id: this.nextId++,
      target: spec.target,
      kind: spec.kind,
      remaining: spec.count ?? 1,
      delayMs: spec.delay_ms ?? 0,
    };
    this.entries.push(entry);
    return entry;
  }

  takeApi(api: FaultApi): ApiFault | undefined {
    const entry = this.take(api);
    return entry && { kind: entry.kind as ApiFaultKind, delayMs: entry.delayMs };
  }

  takeNotification(): NotificationFaultKind | undefined {
    return this.take('notifications')?.kind as NotificationFaultKind | undefined;
  }

  takeTransactionNotification(): TransactionNotificationFault | undefined {
    const entry = this.take('transaction_notifications');
    return entry && { kind: entry.kind as TransactionNotificationFaultKind, delayMs: entry.delayMs };
  }

  /** Whether the next password-free payment is refused. */
  takePasswordFreeRefusal(): boolean {
    return this.take('password_free_payment') !== undefined;
  }

  list(): Array<{ id: number; target: string; kind: string; remaining: number; delay_ms?: number }> {
    return this.entries.map((e) => ({
      id: e.id,
      target: e.target,
      kind: e.kind,
      remaining: e.remaining,
      ...(e.kind === 'delay' ? { delay_ms: e.delayMs } : {}),
    }));
  }

  clear(): void {
    this.entries = [];
  }

  private take(target: FaultTarget): Entry | undefined {
    const entry = this.entries.find((e) => e.target === target);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    return entry;
  }
}
