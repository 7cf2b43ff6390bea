import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOTIFICATION_MAX_TRIES, NOTIFICATION_RETRY_WAITS_S } from '@kit/wechatpay';
import { afterEach, describe, expect, it } from 'vitest';
import { Rsa } from 'wechatpay-axios-plugin';
import { type Delivery, EVENT_TYPES, TERMINATION_MODES } from '../src/index.js';
import { presign, presignBody } from './support/bodies.js';
import { IndependentClient } from './support/independent-client.js';
import { NotifyReceiver } from './support/notify-receiver.js';
import { control, eventually, startTestSim } from './support/sim.js';

type Log = { deliveries: Delivery[] };

/** Notifications: WeChat's retry schedule, and the notification faults. */
describe('notifications', () => {
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
    const sign = async () => {
      const pre = await presign(client, presignBody(sim, { notify_url: notifyUrl }));
      const confirmed = await control(sim, 'POST', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}/confirm`);
      expect(confirmed.status).toBe(200);
      return pre.out_contract_code;
    };
    const log = async (code: string) =>
      (await control<Log>(sim, 'GET', `/sim/notifications?out_contract_code=${code}`)).body.deliveries;
    return { sim, receiver, sign, log, notifyUrl };
  }

  it('retries on WeChat’s schedule until the 15th try, re-signing each time', async () => {
    // Real-time scale: each retry happens only when /sim/clock makes its wait pass.
    const { sim, receiver, sign, log } = await setup([500], { timeScale: 1 });
    const code = await sign();
    expect(NOTIFICATION_RETRY_WAITS_S.slice(0, 5)).toEqual([15, 15, 30, 180, 600]);
    for (let tries = 1; tries < NOTIFICATION_MAX_TRIES; tries += 1) {
      const [delivery] = await eventually(async () => {
        const d = await log(code);
        return d[0]?.attempts.length === tries && d[0].next_attempt_at ? d : undefined;
      });
      const wait =
        (Date.parse(delivery!.next_attempt_at!) - Date.parse(delivery!.attempts.at(-1)!.at)) / 1000;
      expect(Math.abs(wait - NOTIFICATION_RETRY_WAITS_S[tries - 1]!)).toBeLessThanOrEqual(1);
      await control(sim, 'POST', '/sim/clock', { advance_seconds: NOTIFICATION_RETRY_WAITS_S[tries - 1] });
    }
    const [final] = await eventually(async () => {
      const d = await log(code);
      return d[0]?.status === 'failed' ? d : undefined;
    });
    expect(final!.attempts).toHaveLength(15);
    expect(final!.attempts.every((a) => a.status === 500)).toBe(true);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.headers['wechatpay-nonce'])).size).toBe(15);
  });

  it('counts a timeout as a failed try and retries', async () => {
    const silent: Server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const sim = await startTestSim({ notifyTimeoutMs: 100 });
    cleanups.push(
      () => sim.stop(),
      () =>
        new Promise<void>((resolve) => {
          silent.closeAllConnections();
          silent.close(() => resolve());
        }),
    );
    const client = new IndependentClient(sim);
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/notify`;
    const pre = await presign(client, presignBody(sim, { notify_url: url }));
    await control(sim, 'POST', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}/confirm`);
    const [delivery] = await eventually(async () => {
      const d = (await control<Log>(sim, 'GET', '/sim/notifications')).body.deliveries;
      return (d[0]?.attempts.length ?? 0) >= 2 ? d : undefined;
    });
    expect(delivery!.attempts[0]).toMatchObject({ error: 'timeout' });
    expect(delivery!.status).toBe('pending');
  });

  it('duplicate: the same notification arrives twice', async () => {
    const { sim, receiver, sign, log } = await setup();
    await control(sim, 'POST', '/sim/faults', { target: 'notifications', kind: 'duplicate' });
    const code = await sign();
    const got = await eventually(async () =>
      receiver.accepted().length >= 2 ? receiver.accepted() : undefined,
    );
    expect(got[0]!.envelope.id).toBe(got[1]!.envelope.id);
    expect(got[0]!.plaintext).toEqual(got[1]!.plaintext);
    expect((await log(code)).map((d) => d.kind).sort()).toEqual(['duplicate', 'normal']);
  });

  it('out_of_order: the sign notification is held back until the terminate one has gone out', async () => {
    const { sim, receiver, sign, log } = await setup();
    await control(sim, 'POST', '/sim/faults', { target: 'notifications', kind: 'out_of_order' });
    const code = await sign();
    expect((await log(code))[0]).toMatchObject({ status: 'held', event_type: EVENT_TYPES.sign });
    await control(sim, 'POST', `/sim/contracts/${code}/user-terminate`);
    const got = await eventually(async () =>
      receiver.accepted().length >= 2 ? receiver.accepted() : undefined,
    );
    expect(got.map((r) => r.envelope.event_type)).toEqual([EVENT_TYPES.terminate, EVENT_TYPES.sign]);
    expect(got[0]!.plaintext).toMatchObject({
      contract_state: 'TERMINATED',
      contract_terminate_info: { contract_termination_mode: TERMINATION_MODES.user },
    });
  });

  it('signtest_probe: a WECHATPAY/SIGNTEST/ signature comes first and must be refused', async () => {
    const { sim, receiver, sign, log } = await setup();
    await control(sim, 'POST', '/sim/faults', { target: 'notifications', kind: 'signtest_probe' });
    const code = await sign();
    await eventually(async () => (receiver.accepted().length >= 1 ? true : undefined));
    const [probe, real] = receiver.received;
    expect(String(probe!.headers['wechatpay-signature'])).toMatch(/^WECHATPAY\/SIGNTEST\//);
    expect(probe!.verified).toBe(false);
    expect(probe!.answered).toBe(401);
    expect(real!.verified).toBe(true);
    const deliveries = await eventually(async () => {
      const d = await log(code);
      return d.every((x) => x.status !== 'pending') ? d : undefined;
    });
    expect(deliveries.map((d) => [d.kind, d.status])).toEqual([
      ['probe', 'rejected'],
      ['normal', 'delivered'],
    ]);
  });
});
