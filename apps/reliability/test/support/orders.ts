import type { Inspector } from './database.js';
import { jsonRequest, type Reply, request } from './http.js';
import { sleep, until } from './processes.js';
import { type Bff, deliveries, login, type Sim } from './stack.js';

/** A logged-in user of the order scenarios; `signed` users hold a SIGNED contract (password-free). */
export interface Buyer {
  token: string;
  openid: string;
  signed: boolean;
  products: string[];
}

/** Logs in, optionally signs a contract in the simulator (waiting for the BFF to see it), reads the catalog. */
export async function buyer(bff: Bff, sim: Sim, code: string, n: number, signed: boolean): Promise<Buyer> {
  const user = await login(bff, sim, code, n);
  if (signed) {
    const pre = await jsonRequest(`${bff.url}/v1/contracts/pre-sign`, 'POST', {}, user.token);
    if (pre.status !== 200) throw new Error(`pre-sign ${code}: ${pre.status} ${pre.text}`);
    const confirm = await sim.call('POST', `/sim/pre-entrustweb/${pre.json().pre_entrustweb_id}/confirm`);
    if (confirm.status !== 200) throw new Error(`confirm ${code}: ${confirm.status} ${confirm.text}`);
    await until(
      `the contract of ${code} to be SIGNED`,
      async () => {
        const view = await jsonRequest(`${bff.url}/v1/contracts/current`, 'GET', undefined, user.token);
        return view.status === 200 && view.json().state === 'SIGNED' ? true : undefined;
      },
      60_000,
      100,
    );
  }
  const products = await jsonRequest(`${bff.url}/v1/products`, 'GET', undefined, user.token);
  if (products.status !== 200) throw new Error(`products ${code}: ${products.status} ${products.text}`);
  const ids = (products.json().products as { product_id: string }[]).map((p) => p.product_id);
  if (ids.length === 0) throw new Error('the sub-merchant sells nothing');
  return { ...user, signed, products: ids };
}

export function createOrder(bff: Bff, token: string, body: unknown, key?: string): Promise<Reply> {
  return request(`${bff.url}/v1/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
}

export interface Placed {
  status: number;
  /** Tries that got no answer (network error) or a 5xx before the answer. */
  retries: number;
  /** From the first try to the answer. */
  ms: number;
  order: { out_trade_no: string; pay_mode: string; state: string; payment: { package: string } };
}

/**
 * What a client does: the same Idempotency-Key again after a network error, a 5xx or a 429, with back-off,
 * until an answer (an upstream lease of a killed process lasts 30 s, so this waits up to 90 s).
 */
export async function placeWithRetries(bff: Bff, token: string, body: unknown, key: string): Promise<Placed> {
  const started = Date.now();
  const deadline = started + 90_000;
  for (let retries = 0; ; retries++) {
    let last: string;
    try {
      const res = await createOrder(bff, token, body, key);
      // 429: the per-user limit counts retries too; a client waits and tries again.
      if (res.status < 500 && res.status !== 429) {
        if (res.status !== 200 && res.status !== 201)
          throw new Error(`order ${key}: ${res.status} ${res.text}`);
        return { status: res.status, retries, ms: Date.now() - started, order: res.json() };
      }
      last = `${res.status} ${res.text.slice(0, 120)}`;
    } catch (error) {
      if (String(error).includes(`order ${key}:`)) throw error;
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`order ${key} got no answer: ${last}`);
    await sleep(Math.min(2000, 100 * 2 ** Math.min(retries, 5)));
  }
}

export const prepayOf = (order: Placed['order']): string => order.payment.package.replace(/^prepay_id=/, '');

/** The user pays on WeChat's sheet: one tap when password-free, the 6-digit password otherwise. */
export async function payAtSim(sim: Sim, order: Placed['order']): Promise<void> {
  const body = order.pay_mode === 'PASSWORD_FREE' ? undefined : { password: '123456' };
  const res = await sim.call('POST', `/sim/prepay/${prepayOf(order)}/pay`, body);
  if (res.status !== 200) throw new Error(`pay ${order.out_trade_no}: ${res.status} ${res.text}`);
}

export interface SimOrder {
  prepay_id: string;
  pay_mode: string;
  transaction: Record<string, unknown> & {
    out_trade_no: string;
    trade_state: string;
    transaction_id?: string;
  };
}

export async function simOrders(sim: Sim): Promise<SimOrder[]> {
  return (await sim.call('GET', '/sim/orders')).json().orders as SimOrder[];
}

export const paymentDeliveries = async (sim: Sim) =>
  (await deliveries(sim)).filter((d) => d.event_type === 'TRANSACTION.SUCCESS');

export interface OrderCounts {
  rows: { out_trade_no: string; state: string; idempotency_key: string; transaction_id: string | null }[];
  byState: Record<string, number>;
  paidEvents: number;
  /** Orders with more than one event into the same state: must be empty. */
  doubled: string[];
  /** Orders whose state has no event leading to it: must be empty. */
  unexplained: string[];
  /** Idempotency keys of one user held by more than one order: must be empty. */
  keysDoubled: string[];
  /** Ids of the TRANSACTION.SUCCESS notifications recorded, with their outcomes. */
  payments: { id: string; out_trade_no: string | null; outcome: string }[];
}

/** What "exactly once" means for orders in the BFF's own tables. */
export async function orderCounts(db: Inspector): Promise<OrderCounts> {
  const rows = await db.all<OrderCounts['rows'][number]>(
    'select out_trade_no, state, idempotency_key, transaction_id from orders',
  );
  const byState: Record<string, number> = {};
  for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
  const paid = await db.all<{ n: number | string }>(
    "select count(*) as n from order_events where from_state = 'CREATED' and to_state = 'PAID'",
  );
  const doubled = await db.all<{ out_trade_no: string }>(
    'select out_trade_no from order_events group by out_trade_no, to_state having count(*) > 1',
  );
  const unexplained = await db.all<{ out_trade_no: string }>(
    `select o.out_trade_no from orders o where o.state <> 'CREATED' and not exists
       (select 1 from order_events e where e.out_trade_no = o.out_trade_no and e.to_state = o.state)`,
  );
  const keys = await db.all<{ k: string }>(
    'select idempotency_key as k from orders group by sub_openid, idempotency_key having count(*) > 1',
  );
  const payments = await db.all<OrderCounts['payments'][number]>(
    "select id, out_trade_no, outcome from processed_notifications where event_type = 'TRANSACTION.SUCCESS'",
  );
  return {
    rows,
    byState,
    paidEvents: Number(paid[0]?.n ?? 0),
    doubled: doubled.map((r) => r.out_trade_no),
    unexplained: unexplained.map((r) => r.out_trade_no),
    keysDoubled: keys.map((r) => r.k),
    payments,
  };
}

export const tally = <K>(items: K[]) => {
  const out: Record<string, number> = {};
  for (const k of items) out[String(k)] = (out[String(k)] ?? 0) + 1;
  return out;
};
