import { buildNotification } from '@kit/wechatpay/testing';
import type { Harness } from './harness.js';

export interface NotifyOptions {
  id?: string;
  eventType?: string;
  now?: () => number;
  apiV3Key?: string;
  serial?: string;
  originalType?: string;
}

/** A notification as WeChat Pay would send it for this harness's identity. */
export function notification(h: Harness, payload: unknown, o: NotifyOptions = {}) {
  return buildNotification({
    privateKey: h.identity.wechatpay.privateKey,
    serial: o.serial ?? h.identity.publicKeyId,
    apiV3Key: o.apiV3Key ?? h.identity.apiV3Key,
    eventType: o.eventType ?? 'CONTRACT.SIGN',
    payload,
    ...(o.originalType ? { originalType: o.originalType, associatedData: o.originalType } : {}),
    ...(o.id ? { id: o.id } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
}

export function post(h: Harness, n: { headers: Record<string, string>; body: string }) {
  return h.app.inject({
    method: 'POST',
    url: '/v1/notifications/wechatpay',
    headers: n.headers,
    payload: n.body,
  });
}
