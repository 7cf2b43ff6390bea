import { randomBytes } from 'node:crypto';
import { TRANSACTION_RESOURCE_TYPE, TRANSACTION_SUCCESS_EVENT } from '@kit/contract-types';
import { loadPrivateKey } from '@kit/wechatpay';
import { buildNotification, openidFor } from '@kit/wechatpay/testing';
import type { BenchConfig } from './config.js';
import { pool, send } from './http.js';
import { assertAllOk, closedLoop, type LoadRequest } from './loadgen.js';
import type { PaymentFigures } from './payments.types.js';
import { cpuSince, cpuTimes, type Proc } from './processes.js';
import { type BenchUser, createUsers } from './sessions.js';
import type { Stack } from './stack.js';

interface Payer extends BenchUser {
  openid: string;
  contractId: string;
}
interface PlacedOrder {
  outTradeNo: string;
  amount: number;
  openid: string;
}

const bearer = (u: BenchUser) => ({ authorization: `Bearer ${u.token}`, 'content-type': 'application/json' });

/**
 * Users with a contract signed the way a user signs: pre-signed through the BFF, confirmed on the
 * simulator's signing page (which notifies the BFF), then one order each so the BFF has asked
 * WeChat Pay about the contract lately — the measured orders are the steady state: one order call.
 */
async function payers(config: BenchConfig, stack: Stack, runId: string, productId: string) {
  const appid = stack.identity.sub.sub_appid;
  const users = await createUsers(stack.bffUrl, appid, `${runId}-p`, config.orders);
  const signed = await pool(users.length, 16, async (i): Promise<Payer> => {
    const u = users[i] as BenchUser;
    const pre = await send(`${stack.bffUrl}/v1/contracts/pre-sign`, {
      method: 'POST',
      headers: bearer(u),
      body: '{}',
    });
    if (pre.status !== 200) throw new Error(`payers: pre-sign → ${pre.status} ${pre.body}`);
    const { pre_entrustweb_id: id } = JSON.parse(pre.body) as { pre_entrustweb_id: string };
    const ok = await send(`${stack.simUrl}/sim/pre-entrustweb/${id}/confirm`, { method: 'POST' });
    if (ok.status !== 200) throw new Error(`payers: confirm → ${ok.status} ${ok.body}`);
    const { contract_id: contractId } = JSON.parse(ok.body) as { contract_id: string };
    return { ...u, openid: openidFor(appid, u.code), contractId };
  });
  // The simulator notifies the BFF on its own schedule: every payer must be SIGNED before ordering.
  for (let tries = 0; ; tries++) {
    const states = await pool(signed.length, 16, async (i) => {
      const res = await send(`${stack.bffUrl}/v1/contracts/current`, {
        method: 'GET',
        headers: bearer(signed[i] as Payer),
      });
      return res.status === 200 ? (JSON.parse(res.body) as { state: string }).state : String(res.status);
    });
    if (states.every((s) => s === 'SIGNED')) break;
    if (tries > 20) throw new Error(`payers: contracts not SIGNED: ${states.find((s) => s !== 'SIGNED')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const first = await closedLoop(stack.bffUrl, orderRequests(signed, 'a', productId), 16);
  assertAllOk('first orders', first);
  return signed;
}

function orderRequests(users: Payer[], round: string, productId: string): LoadRequest[] {
  return users.map((u) => ({
    method: 'POST',
    path: '/v1/orders',
    headers: { ...bearer(u), 'idempotency-key': `bench-${round}-${u.code}`.replace(/[^0-9A-Za-z_-]/g, '_') },
    body: JSON.stringify({ product_id: productId }),
  }));
}

async function measured(proc: Proc, url: string, requests: LoadRequest[], keepBodies: boolean) {
  const before = cpuTimes(proc.pid);
  const run = await closedLoop(url, requests, 16, keepBodies);
  const cpu = cpuSince(proc.pid, before);
  return { run, cpuMs: cpu.ms / run.sent };
}

function successNotifications(stack: Stack, orders: PlacedOrder[]): LoadRequest[] {
  const id = stack.identity;
  const privateKey = loadPrivateKey(id.wechatpayPrivateKeyPem);
  const at = new Date().toISOString();
  return orders.map((o, i) => {
    const built = buildNotification({
      privateKey,
      serial: id.wechatpayPublicKeyId,
      apiV3Key: id.apiV3Key,
      eventType: TRANSACTION_SUCCESS_EVENT,
      originalType: TRANSACTION_RESOURCE_TYPE,
      summary: '支付成功',
      payload: {
        sp_appid: id.spAppid,
        sp_mchid: id.mchid,
        sub_appid: id.sub.sub_appid,
        sub_mchid: id.sub.sub_mchid,
        out_trade_no: o.outTradeNo,
        transaction_id: `4200002026120200${String(i).padStart(12, '0')}`,
        trade_type: 'JSAPI',
        trade_state: 'SUCCESS',
        trade_state_desc: '支付成功',
        bank_type: 'OTHERS',
        success_time: at,
        payer: { sub_openid: o.openid },
        amount: { total: o.amount, payer_total: o.amount, currency: 'CNY', payer_currency: 'CNY' },
      },
    });
    return {
      method: 'POST',
      path: '/v1/notifications/wechatpay',
      headers: { ...built.headers },
      body: built.body,
    };
  });
}

/** Order creation and TRANSACTION.SUCCESS, BFF and relay, same load shape as pre-sign and SIGN. */
export async function benchPayments(
  config: BenchConfig,
  stack: Stack,
  runId: string,
): Promise<PaymentFigures> {
  const product = stack.identity.sub.products?.[0];
  if (!product) throw new Error('payments: the simulator wrote no products');
  const users = await payers(config, stack, runId, product.product_id);

  const bff = await measured(stack.bff, stack.bffUrl, orderRequests(users, 'b', product.product_id), true);
  assertAllOk('orders', bff.run);
  const orders = bff.run.bodies.map(({ index, body }) => {
    const o = JSON.parse(body) as { out_trade_no: string; amount_total: number; pay_mode: string };
    if (o.pay_mode !== 'PASSWORD_FREE') throw new Error(`orders: ${o.out_trade_no} is ${o.pay_mode}`);
    return { outTradeNo: o.out_trade_no, amount: o.amount_total, openid: (users[index] as Payer).openid };
  });
  const relayOrders = users.map((u) => ({
    method: 'POST',
    path: '/order',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      out_trade_no: `R${randomBytes(12).toString('hex')}`,
      sub_openid: u.openid,
      contract_id: u.contractId,
      amount: product.amount_total,
      description: product.description,
    }),
  }));
  const relay = await measured(stack.relay, stack.relayUrl, relayOrders, false);
  assertAllOk('relay orders', relay.run);

  const notes = successNotifications(stack, orders);
  const paid = await measured(stack.bff, stack.bffUrl, notes, false);
  if ((paid.run.statuses['204'] ?? 0) !== notes.length) {
    throw new Error(`payment notifications: ${JSON.stringify(paid.run.statuses)}`);
  }
  await spotCheckPaid(stack, users, orders);
  const relayPaid = await measured(
    stack.relay,
    stack.relayUrl,
    notes.map((n) => ({ ...n, path: '/notify' })),
    false,
  );
  assertAllOk('relay payment notifications', relayPaid.run);
  const strip = (r: typeof bff) => ({ ...r.run, bodies: [], samples: [], cpuMsPerRequest: r.cpuMs });
  return { orders: strip(bff), relayOrders: strip(relay), paid: strip(paid), relayPaid: strip(relayPaid) };
}

/** A 204 must mean the order is PAID: some payers read their order back. */
async function spotCheckPaid(stack: Stack, users: Payer[], orders: PlacedOrder[]): Promise<void> {
  const byOpenid = new Map(users.map((u) => [u.openid, u]));
  const step = Math.max(1, Math.floor(orders.length / 20));
  for (let i = 0; i < orders.length; i += step) {
    const o = orders[i] as PlacedOrder;
    const res = await send(`${stack.bffUrl}/v1/orders/${o.outTradeNo}`, {
      method: 'GET',
      headers: bearer(byOpenid.get(o.openid) as Payer),
    });
    const state = res.status === 200 ? (JSON.parse(res.body) as { state: string }).state : res.status;
    if (state !== 'PAID') throw new Error(`order ${o.outTradeNo} is ${state} after TRANSACTION.SUCCESS`);
  }
}
