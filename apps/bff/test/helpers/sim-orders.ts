import type { AddressInfo } from 'node:net';
import { until } from '@kit/test-support';
import type { Delivery } from '@kit/wechatpay-sim';
import { createOrdersRepo } from '../../src/orders/orders.repo.js';
import type { SimHarness, SimUser } from './sim-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Answer = { status: number; json: any };

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined } as Answer;
}

/** One user's order routes on the harness's BFF. */
export interface OrderUser extends SimUser {
  products(): Promise<Answer>;
  order(body: unknown, key?: string): Promise<Answer>;
  getOrder(outTradeNo: string): Promise<Answer>;
  closeOrder(outTradeNo: string): Promise<Answer>;
}

/** The user on WeChat's payment sheet, faults and order inspection, through the simulator's control API. */
export interface Sheet {
  pay(prepayId: string, password?: string): Promise<Answer>;
  refusePasswordFree(prepayId: string): Promise<Answer>;
  acceptOffer(prepayId: string): Promise<Answer>;
  view(prepayId: string): Promise<Answer>;
  fault(target: string, kind: string, count?: number, delayMs?: number): Promise<void>;
  clearFaults(): Promise<void>;
  /** What is left of the queued faults of `target` (calls not made yet). */
  faultsLeft(target: string): Promise<number>;
  /** Resolves when `count` payment notifications for `outTradeNo` were answered with a 2xx. */
  paymentsSettled(outTradeNo: string, count: number): Promise<Delivery[]>;
  /** Orders the simulator holds for `outTradeNo` (0 or 1). */
  simOrders(outTradeNo: string): Promise<number>;
}

export const prepayOf = (created: Answer) => String(created.json.payment.package).replace('prepay_id=', '');

export function orderUser(h: SimHarness, user: SimUser): OrderUser {
  const { port } = h.app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${user.token}` };
  return {
    ...user,
    products: () => call(`${base}/v1/products`, 'GET', undefined, auth),
    order: (body, key) =>
      call(`${base}/v1/orders`, 'POST', body, key === undefined ? auth : { ...auth, 'idempotency-key': key }),
    getOrder: (no) => call(`${base}/v1/orders/${no}`, 'GET', undefined, auth),
    closeOrder: (no) => call(`${base}/v1/orders/${no}/close`, 'POST', {}, auth),
  };
}

export function sheet(h: SimHarness): Sheet {
  const sim = (method: string, path: string, body?: unknown) => call(`${h.sim.url}${path}`, method, body);
  return {
    pay: (id, password) => sim('POST', `/sim/prepay/${id}/pay`, password ? { password } : undefined),
    refusePasswordFree: (id) => sim('POST', `/sim/prepay/${id}/refuse-password-free`),
    acceptOffer: (id) => sim('POST', `/sim/prepay/${id}/sign-offer/accept`),
    view: (id) => sim('GET', `/sim/prepay/${id}`),
    async fault(target, kind, count = 1, delayMs) {
      const res = await sim('POST', '/sim/faults', {
        target,
        kind,
        count,
        ...(delayMs !== undefined ? { delay_ms: delayMs } : {}),
      });
      if (res.status >= 300) throw new Error(`fault: ${res.status} ${JSON.stringify(res.json)}`);
    },
    async clearFaults() {
      await sim('DELETE', '/sim/faults');
    },
    async faultsLeft(target) {
      const { json } = await sim('GET', '/sim/faults');
      const left = (json.faults as { target: string; remaining: number }[]).filter(
        (f) => f.target === target,
      );
      return left.reduce((n, f) => n + f.remaining, 0);
    },
    paymentsSettled: (no, count) =>
      until(
        `${count} payment notification(s) for ${no} answered`,
        async () => {
          const { json } = await sim('GET', `/sim/notifications?out_trade_no=${no}`);
          const done = (json.deliveries as Delivery[]).filter((d) => d.status === 'delivered');
          return done.length >= count ? done : undefined;
        },
        10_000,
        20,
      ),
    async simOrders(no) {
      const { json } = await sim('GET', '/sim/orders');
      return (json.orders as { transaction: { out_trade_no: string } }[]).filter(
        (o) => o.transaction.out_trade_no === no,
      ).length;
    },
  };
}

export const ordersRepoOf = (h: SimHarness) => createOrdersRepo(h.database.db, () => 'unused');

/** A user who has signed through the mini program (the SIGN notification applied). */
export async function signedUser(h: SimHarness, name: string): Promise<OrderUser> {
  const user = orderUser(h, await h.login(name));
  const presign = await user.presign();
  if (presign.status !== 200) throw new Error(`pre-sign: ${presign.status}`);
  const confirmed = await h.confirm(presign.json.pre_entrustweb_id);
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status}`);
  await h.notificationsSettled(presign.json.out_contract_code, 1);
  return user;
}
