import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openidFor } from '../helpers/fake-wechat.js';
import { bearer, createHarness, type Harness, loginWithPresign } from '../helpers/harness.js';
import { metricsListener, metricValue } from '../helpers/metrics.js';
import { notification, post } from '../helpers/notify.js';

let h: Harness | undefined;
let listener: Awaited<ReturnType<typeof metricsListener>> | undefined;
afterEach(async () => {
  await listener?.close();
  await h?.close();
  h = listener = undefined;
});

describe('metrics', () => {
  it('are served on their own listener only; counters move with requests, calls, notifications, transitions', async () => {
    h = await createHarness({ env: { RATE_LIMIT_SESSION_PER_MIN: '3' } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    listener = await metricsListener(h.app);
    const publicPort = (h.app.server.address() as AddressInfo).port;

    // The public port has no /metrics: the ordinary 404 error body.
    const open = await fetch(`http://127.0.0.1:${publicPort}/metrics`);
    expect(open.status).toBe(404);
    expect(((await open.json()) as { code: string }).code).toBe('NOT_FOUND');
    // The metrics listener serves nothing else.
    expect((await fetch(`http://127.0.0.1:${listener.port}/v1/session`)).status).toBe(404);

    const before = await listener.scrape();
    expect(metricValue(before, 'bff_http_request_duration_seconds_count', { route: '/v1/session' })).toBe(0);

    const { token, code } = await loginWithPresign(h, 'erin');
    await h.app.inject({ url: `/v1/contracts/${code}`, headers: bearer(token) });
    const sub = h.identity.subMerchants[0]!;
    const signed = notification(h, {
      out_contract_code: code,
      mchid: h.config.wechatpay.mchid,
      sub_mchid: sub.sub_mchid,
      sub_openid: openidFor(sub.sub_appid, 'erin'),
      contract_state: 'SIGNED',
      contract_id: 'CT-M',
    });
    expect((await post(h, signed)).statusCode).toBe(204);
    expect((await post(h, signed)).statusCode).toBe(204); // duplicate
    const forged = { ...signed, headers: { ...signed.headers, 'wechatpay-signature': 'AAAA' } };
    expect((await post(h, forged)).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) {
      await h.app.inject({
        method: 'POST',
        url: '/v1/session',
        payload: { code: `m${i}`, appid: sub.sub_appid },
      });
    }

    const text = await listener.scrape();
    const value = (name: string, labels: Record<string, string> = {}) => metricValue(text, name, labels);
    // By route template, never the raw URL (no contract code in a label).
    expect(
      value('bff_http_request_duration_seconds_count', {
        route: '/v1/contracts/:out_contract_code',
        status_code: '200',
      }),
    ).toBe(1);
    expect(text).not.toContain(code);
    // The /metrics probe on the public port: an unmatched route, answered 404.
    expect(value('bff_http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(
      1,
    );
    expect(
      value('bff_http_request_duration_seconds_count', { route: '/v1/session', status_code: '200' }),
    ).toBe(3);
    expect(value('bff_notifications_total', { event_type: 'CONTRACT.SIGN', outcome: 'applied' })).toBe(1);
    expect(value('bff_notifications_total', { event_type: 'CONTRACT.SIGN', outcome: 'duplicate' })).toBe(1);
    expect(value('bff_notifications_total', { outcome: 'rejected_401' })).toBe(1);
    expect(
      value('bff_state_transitions_total', {
        record: 'contract',
        from: 'PRESIGNED',
        to: 'SIGNED',
        source: 'notification',
      }),
    ).toBe(1);
    expect(value('bff_wechatpay_calls_total', { api: 'presignMiniProgram', outcome: 'ok' })).toBe(1);
    expect(value('bff_wechatpay_calls_total', { api: 'jscode2session', outcome: 'ok' })).toBe(3);
    expect(value('bff_wechatpay_call_duration_seconds_count', { api: 'presignMiniProgram' })).toBe(1);
    // 1 + 3 logins against a limit of 3: one rejected by our limit.
    expect(value('bff_rate_limited_total', { route: '/v1/session' })).toBe(1);
  });

  it('counts a WeChat Pay rejection by its code', async () => {
    h = await createHarness();
    listener = await metricsListener(h.app);
    h.fake.faults.presign.push({
      kind: 'status',
      status: 400,
      body: { code: 'PARAM_ERROR', message: 'bad' },
    });
    const token = await h.login('frank');
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/contracts/pre-sign',
      headers: bearer(token),
      payload: {},
    });
    expect(res.statusCode).toBe(502);
    const text = await listener.scrape();
    expect(
      metricValue(text, 'bff_wechatpay_calls_total', {
        api: 'presignMiniProgram',
        outcome: 'rejected',
        code: 'PARAM_ERROR',
      }),
    ).toBe(1);
  });
});
