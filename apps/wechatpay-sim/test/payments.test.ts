import { TRANSACTION_SUCCESS_EVENT } from '@kit/contract-types';
import { afterEach, describe, expect, it } from 'vitest';
import { Rsa } from 'wechatpay-axios-plugin';
import type { Delivery } from '../src/index.js';
import { IndependentClient } from './support/independent-client.js';
import { NotifyReceiver } from './support/notify-receiver.js';
import {
  createOrder,
  JSAPI_PATH,
  orderBody,
  queryPath,
  sheet,
  signedUser,
  WITH_CONTRACT_PATH,
  withContractBody,
} from './support/orders.js';
import { control, eventually, startTestSim } from './support/sim.js';

type Log = { deliveries: Delivery[] };

/** The user on the payment sheet (control API) and the TRANSACTION.SUCCESS notifications it causes. */
describe('payments and TRANSACTION.SUCCESS', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setup(script: number[] = [204], options: Parameters<typeof startTestSim>[0] = {}) {
    const sim = await startTestSim(options);
    const receiver = new NotifyReceiver({
      wechatpayKey: Rsa.from(`file://${sim.identity.wechatpayPublicKeyFile}`, Rsa.KEY_TYPE_PUBLIC),
      serial: sim.identity.wechatpayPublicKeyId,
      apiV3Key: sim.identity.apiV3Key,
      script,
    });
    const notifyUrl = await receiver.start();
    cleanups.push(
      () => sim.stop(),
      () => receiver.stop(),
    );
    const client = new IndependentClient(sim);
    const order = async (path: string = JSAPI_PATH, overrides: Record<string, unknown> = {}) => {
      const body = orderBody(sim, { ...overrides, notify_url: notifyUrl });
      return { body, prepayId: await createOrder(client, path, body) };
    };
    const log = async (code: string) =>
      (await control<Log>(sim, 'GET', `/sim/notifications?out_trade_no=${code}`)).body.deliveries;
    const payments = () =>
      receiver.accepted().filter((r) => r.envelope.event_type === TRANSACTION_SUCCESS_EVENT);
    return { sim, client, receiver, notifyUrl, order, log, payments };
  }

  it('an ordinary payment: SUCCESS in the query, one signed encrypted notification, retried after a 500', async () => {
    const { sim, client, order, log, payments } = await setup([500, 204]);
    const { body, prepayId } = await order();
    const code = body.out_trade_no as string;
    expect((await sheet(sim, prepayId, 'pay')).body.code).toBe('PASSWORD_REQUIRED');
    expect((await sheet(sim, prepayId, 'pay', { password: '12345' })).body.code).toBe('PASSWORD_REQUIRED');
    const paid = await sheet(sim, prepayId, 'pay', { password: '123456' });
    expect(paid.status).toBe(200);
    expect(paid.body.transaction.trade_state).toBe('SUCCESS');

    const got = await eventually(async () => (payments().length >= 2 ? payments() : undefined));
    expect(got.map((r) => r.answered)).toEqual([500, 204]);
    expect(got[0]!.envelope.id).toBe(got[1]!.envelope.id);
    expect(got[1]!.envelope).toMatchObject({
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      resource: {
        original_type: 'transaction',
        associated_data: 'transaction',
        algorithm: 'AEAD_AES_256_GCM',
      },
    });
    const query = await client.call('GET', queryPath(sim, code));
    expect(got[1]!.plaintext).toEqual(query.json);
    expect(query.json).toMatchObject({
      out_trade_no: code,
      trade_state: 'SUCCESS',
      trade_type: 'JSAPI',
      amount: { total: 1200, payer_total: 1200, currency: 'CNY', payer_currency: 'CNY' },
      payer: { sub_openid: (body.payer as { sub_openid: string }).sub_openid },
    });
    expect(query.json.transaction_id).toMatch(/^42000\d{23}$/);
    expect(query.json.success_time).toMatch(/\+08:00$/);
    const [delivery] = await log(code);
    expect(delivery).toMatchObject({ status: 'delivered', out_trade_no: code });
    expect(delivery!.attempts).toHaveLength(2);
    expect((await sheet(sim, prepayId, 'pay', { password: '123456' })).body.code).toBe('ORDER_PAID');
  });

  it('a password-free payment needs no password and notifies the same way', async () => {
    const { sim, client, order, payments } = await setup();
    const user = await signedUser(client, sim);
    const { prepayId, body } = await order(WITH_CONTRACT_PATH, withContractBody(sim, user));
    const paid = await sheet(sim, prepayId, 'pay');
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      pay_mode: 'PASSWORD_FREE',
      password_free_contract_id: user.contractId,
    });
    const [got] = await eventually(async () => (payments().length >= 1 ? payments() : undefined));
    expect(got!.plaintext).toMatchObject({ out_trade_no: body.out_trade_no, trade_state: 'SUCCESS' });
  });

  it('cancel leaves the order payable and sends nothing', async () => {
    const { sim, order, log } = await setup();
    const { prepayId, body } = await order();
    const cancelled = await sheet(sim, prepayId, 'cancel');
    expect(cancelled.body).toMatchObject({ abandoned: 1, transaction: { trade_state: 'NOTPAY' } });
    expect(await log(body.out_trade_no as string)).toEqual([]);
    expect((await sheet(sim, prepayId, 'pay', { password: '000000' })).status).toBe(200);
  });

  it('refuse: a refused password-free payment fails the order (PAYERROR), which can then be closed', async () => {
    const { sim, client, order, log } = await setup();
    const user = await signedUser(client, sim);
    const { prepayId, body } = await order(WITH_CONTRACT_PATH, withContractBody(sim, user));
    const refused = await sheet(sim, prepayId, 'refuse-password-free');
    expect(refused.body.transaction).toMatchObject({ trade_state: 'PAYERROR' });
    expect((await sheet(sim, prepayId, 'pay')).body.code).toBe('PASSWORD_FREE_REFUSED');
    expect(await log(body.out_trade_no as string)).toEqual([]);
    const ordinary = await order();
    expect((await sheet(sim, ordinary.prepayId, 'refuse-password-free')).body.code).toBe('NOT_PASSWORD_FREE');
  });

  it('a password-free payment is refused when a fault says so or the contract was terminated meanwhile', async () => {
    const { sim, client, order } = await setup();
    const user = await signedUser(client, sim);
    await control(sim, 'POST', '/sim/faults', { target: 'password_free_payment', kind: 'refuse' });
    const first = await order(WITH_CONTRACT_PATH, withContractBody(sim, user));
    const refused = await sheet(sim, first.prepayId, 'pay');
    expect(refused).toMatchObject({ status: 409, body: { code: 'PASSWORD_FREE_REFUSED' } });
    const second = await order(WITH_CONTRACT_PATH, withContractBody(sim, user));
    await control(sim, 'POST', `/sim/contracts/${user.outContractCode}/user-terminate`);
    expect((await sheet(sim, second.prepayId, 'pay')).body.code).toBe('PASSWORD_FREE_REFUSED');
    const query = await client.call('GET', queryPath(sim, second.body.out_trade_no as string));
    expect(query.json.trade_state).toBe('PAYERROR');
  });

  it('drop: the TRANSACTION.SUCCESS is never sent; the query still says SUCCESS', async () => {
    const { sim, client, order, log, receiver } = await setup();
    await control(sim, 'POST', '/sim/faults', { target: 'transaction_notifications', kind: 'drop' });
    const { prepayId, body } = await order();
    await sheet(sim, prepayId, 'pay', { password: '123456' });
    const code = body.out_trade_no as string;
    expect((await log(code))[0]).toMatchObject({ status: 'dropped', attempts: [] });
    expect((await client.call('GET', queryPath(sim, code))).json.trade_state).toBe('SUCCESS');
    // The next payment is notified again: the fault was used up.
    const next = await order();
    await sheet(sim, next.prepayId, 'pay', { password: '123456' });
    await eventually(async () => (receiver.accepted().length >= 1 ? true : undefined));
    expect(receiver.accepted()[0]!.plaintext!.out_trade_no).toBe(next.body.out_trade_no);
  });

  it('delay: the notification goes out delay_ms later', async () => {
    const { sim, order, log, payments } = await setup();
    await control(sim, 'POST', '/sim/faults', {
      target: 'transaction_notifications',
      kind: 'delay',
      delay_ms: 300,
    });
    const { prepayId, body } = await order();
    const started = performance.now();
    await sheet(sim, prepayId, 'pay', { password: '123456' });
    expect((await log(body.out_trade_no as string))[0]!.status).toBe('delayed');
    await eventually(async () => (payments().length >= 1 ? true : undefined));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('fail: the first try breaks before notify_url and is retried on the schedule', async () => {
    const { sim, order, log, payments } = await setup([204], { timeScale: 1 });
    await control(sim, 'POST', '/sim/faults', { target: 'transaction_notifications', kind: 'fail' });
    const { prepayId, body } = await order();
    await sheet(sim, prepayId, 'pay', { password: '123456' });
    const code = body.out_trade_no as string;
    const [first] = await eventually(async () => {
      const d = await log(code);
      return d[0]?.attempts.length === 1 ? d : undefined;
    });
    expect(first!.attempts[0]).toMatchObject({ error: 'fault: fail' });
    expect(first!.status).toBe('pending');
    expect(payments()).toHaveLength(0);
    await control(sim, 'POST', '/sim/clock', { advance_seconds: 15 });
    const [done] = await eventually(async () => {
      const d = await log(code);
      return d[0]?.status === 'delivered' ? d : undefined;
    });
    expect(done!.attempts.map((a) => a.status ?? a.error)).toEqual(['fault: fail', 204]);
    expect(payments()).toHaveLength(1);
  });

  it('control API answers for unknown prepay ids and bad fault kinds', async () => {
    const { sim } = await setup();
    expect((await sheet(sim, 'wx-nothing')).status).toBe(404);
    expect((await sheet(sim, 'wx-nothing', 'pay')).body.code).toBe('NO_PREPAY');
    const bad = await control<{ code: string }>(sim, 'POST', '/sim/faults', {
      target: 'transaction_notifications',
      kind: 'duplicate',
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_FAULT' } });
    const noDelay = await control<{ code: string }>(sim, 'POST', '/sim/faults', {
      target: 'transaction_notifications',
      kind: 'delay',
    });
    expect(noDelay.body.code).toBe('INVALID_FAULT');
  });
});
