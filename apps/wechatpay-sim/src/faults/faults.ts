import {
  API_FAULT_KINDS,
  type ApiFaultKind,
  type FaultApi,
  LOGIN_FAULT_KINDS,
  NOTIFICATION_FAULT_KINDS,
  type NotificationFaultKind,
} from '@kit/wechatpay/testing';
import { ControlError } from '../protocol/errors.js';

export interface FaultSpec {
  target: FaultApi | 'notifications';
  kind: ApiFaultKind | NotificationFaultKind;
  /** How many calls (or notifications) it affects, default 1. */
  count?: number;
  /** For `delay`: real milliseconds (not scaled) before the call proceeds normally. */
  delay_ms?: number;
}

export interface ApiFault {
  kind: ApiFaultKind;
  delayMs: number;
}

interface Entry {
  id: number;
  target: FaultSpec['target'];
  kind: FaultSpec['kind'];
  remaining: number;
  delayMs: number;
}

/** Queued faults per API: each call consumes the oldest matching fault, first in first out. */
export class FaultRegistry {
  private entries: Entry[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Entry {
    const count = spec.count ?? 1;
    if (spec.target === 'notifications') {
      if (!(NOTIFICATION_FAULT_KINDS as readonly string[]).includes(spec.kind)) {
        throw new ControlError(
          400,
          'INVALID_FAULT',
          `notifications accept ${NOTIFICATION_FAULT_KINDS.join(', ')}`,
        );
      }
    } else if (!(API_FAULT_KINDS as readonly string[]).includes(spec.kind)) {
      throw new ControlError(400, 'INVALID_FAULT', `${spec.target} accepts ${API_FAULT_KINDS.join(', ')}`);
    } else if (
      spec.target === 'jscode2session' &&
      !(LOGIN_FAULT_KINDS as readonly string[]).includes(spec.kind)
    ) {
      throw new ControlError(400, 'INVALID_FAULT', `jscode2session accepts ${LOGIN_FAULT_KINDS.join(', ')}`);
    }
    if (spec.kind === 'delay' && spec.delay_ms === undefined) {
      throw new ControlError(400, 'INVALID_FAULT', 'delay needs delay_ms');
    }
    const entry: Entry = {
      id: this.nextId++,
      target: spec.target,
      kind: spec.kind,
      remaining: count,
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

  private take(target: FaultSpec['target']): Entry | undefined {
    const entry = this.entries.find((e) => e.target === target);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    return entry;
  }
}
