import { signResponse } from '@kit/wechatpay/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../../src/contracts/contracts.repo.js';
import { openidFor } from '../helpers/fake-wechat.js';
import { bearer, createHarness, type Harness, loginWithPresign } from '../helpers/harness.js';
import { notification, post } from '../helpers/notify.js';

let h: Harness;
let code: string;
let alice: string;
const signed = () => ({
  out_contract_code: code,
  mchid: h.config.wechatpay.mchid,
  sub_mchid: h.identity.subMerchants[0]!.sub_mchid,
  sub_openid: openidFor(h.identity.subMerchants[0]!.sub_appid, 'alice'),
  contract_id: 'CT42',
  contract_state: 'SIGNED',
  contract_signed_time: '2026-11-28T10:00:00+08:00',
});
const terminated = () => ({
  ...signed(),
  contract_state: 'TERMINATED',
  contract_terminate_info: {
    contract_termination_mode: 'USER_TERMINATE',
    contract_terminated_time: '2026-11-28T11:00:00+08:00',
  },
});

beforeEach(async () => {
  h = await createHarness();
  ({ token: alice, code } = await loginWithPresign(h, 'alice'));
});
afterEach(async () => {
  await h.close();
});

const repo = () => createContractsRepo(h.database.db, () => 'x');
const state = async () => (await repo().findByCode(code))?.state;
const processed = () => h.database.db.selectFrom('processed_notifications').selectAll().execute();

describe('POST /v1/notifications/wechatpay', () => {
  it('verifies, decrypts and signs the contract → 204', async () => {
    const res = await post(h, notification(h, signed()));
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const view = (await h.app.inject({ url: `/v1/contracts/${code}`, headers: bearer(alice) })).json();
    expect(view).toMatchObject({
      state: 'SIGNED',
      contract_id: 'CT42',
      signed_at: '2026-11-28T02:00:00.000Z',
    });
    expect(h.fake.calls('query')).toHaveLength(0);
  });

  it('a duplicate is acknowledged and changes nothing', async () => {
    const n = notification(h, signed(), { id: 'dup-1' });
    expect((await post(h, n)).statusCode).toBe(204);
    expect((await post(h, n)).statusCode).toBe(204);
    expect(await repo().events(code)).toHaveLength(1);
    expect(await processed()).toHaveLength(1);
  });

  it('50 concurrent copies of one notification → exactly one state change', async () => {
    const n = notification(h, signed(), { id: 'concurrent-1' });
    const results = await Promise.all(Array.from({ length: 50 }, () => post(h, n)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(204));
    expect(await repo().events(code)).toHaveLength(1);
    expect(await processed()).toHaveLength(1);
  });

  it('different notifications with the same news apply it once (conditional update)', async () => {
    const all = Array.from({ length: 10 }, (_, i) => notification(h, signed(), { id: `n-${i}` }));
    await Promise.all(all.map((n) => post(h, n)));
    expect(await repo().events(code)).toHaveLength(1);
    expect((await processed()).map((p) => p.outcome).sort()).toEqual([
      'applied',
      ...Array(9).fill('unchanged'),
    ]);
  });

  it('moves SIGNED → TERMINATED, and a late SIGN after TERMINATE changes nothing', async () => {
    await post(h, notification(h, terminated(), { eventType: 'CONTRACT.TERMINATE' }));
    expect(await state()).toBe('TERMINATED');
    await post(h, notification(h, signed()));
    expect(await state()).toBe('TERMINATED');
    const row = await repo().findByCode(code);
    expect(row).toMatchObject({ contract_id: 'CT42', termination_mode: 'USER_TERMINATE' });
    expect((await repo().events(code)).map((e) => `${e.from_state}>${e.to_state}`)).toEqual([
      'PRESIGNED>TERMINATED',
    ]);
  });

  it('acknowledges and records a notification for an unknown out_contract_code', async () => {
    const res = await post(h, notification(h, { ...signed(), out_contract_code: 'unknown0001' }));
    expect(res.statusCode).toBe(204);
    expect(await processed()).toMatchObject([
      { out_contract_code: 'unknown0001', outcome: 'unknown_contract' },
    ]);
  });

  it('confirms an ambiguous plaintext with the query API', async () => {
    const vague = { out_contract_code: code };
    h.fake.sign(code, { contract_id: 'CT-Q' });
    expect((await post(h, notification(h, vague))).statusCode).toBe(204);
    expect(h.fake.calls('query')).toHaveLength(1);
    expect(await repo().findByCode(code)).toMatchObject({ state: 'SIGNED', contract_id: 'CT-Q' });
  });

  it('answers 500 when the ambiguous case cannot be confirmed, so WeChat retries', async () => {
    for (let i = 0; i < 3; i++) h.fake.faults.query.push({ kind: 'status', status: 500 });
    const n = notification(h, { out_contract_code: code }, { id: 'retry-me' });
    const res = await post(h, n);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'FAIL', message: expect.any(String) });
    expect(await processed()).toHaveLength(0);
    h.fake.sign(code);
    expect((await post(h, n)).statusCode).toBe(204);
    expect(await state()).toBe('SIGNED');
  });

  it('does not apply a plaintext naming another merchant, user, sub-merchant, appid or service', async () => {
    const variants = [
      { mchid: '1999999999' },
      { sub_openid: 'o-someone-else' },
      { sub_mchid: '1999999999' },
      { appid: 'wxother0000000001' },
      { sub_appid: 'wxother0000000002' },
      { service_id: 1 },
    ];
    for (const v of variants) {
      expect((await post(h, notification(h, { ...signed(), ...v }))).statusCode).toBe(204);
    }
    // Each one was checked with the query API (which knows no signing) and nothing changed.
    expect(h.fake.calls('query')).toHaveLength(variants.length);
    expect(await state()).toBe('PRESIGNED');
    expect((await processed()).map((p) => p.outcome)).toEqual(Array(variants.length).fill('unchanged'));
  });

  it('requires mchid, sub_mchid and sub_openid: without one the query API decides', async () => {
    for (const field of ['mchid', 'sub_mchid', 'sub_openid'] as const) {
      const { [field]: _dropped, ...partial } = signed();
      await post(h, notification(h, partial));
    }
    expect(h.fake.calls('query')).toHaveLength(3);
    expect(await state()).toBe('PRESIGNED');
    // An untrusted plaintext that WeChat Pay confirms: the query's facts are recorded, not the plaintext's.
    h.fake.sign(code, { contract_id: 'CT-FROM-QUERY' });
    await post(h, notification(h, { ...signed(), mchid: undefined, contract_id: 'CT-FROM-PLAINTEXT' }));
    expect(await repo().findByCode(code)).toMatchObject({ state: 'SIGNED', contract_id: 'CT-FROM-QUERY' });
    expect((await repo().events(code)).map((e) => e.source)).toEqual(['query']);
  });

  it('never lets a payment or refund event change a contract, not even via the query API', async () => {
    h.fake.sign(code);
    // A payment envelope around a contract resource is refused unread (the parser's rule).
    expect((await post(h, notification(h, signed(), { eventType: 'TRANSACTION.SUCCESS' }))).statusCode).toBe(
      400,
    );
    for (const eventType of ['REFUND.SUCCESS', 'transaction.success']) {
      expect((await post(h, notification(h, signed(), { eventType }))).statusCode).toBe(204);
    }
    expect(await state()).toBe('PRESIGNED');
    expect(h.fake.calls('query')).toHaveLength(0);
    expect((await processed()).map((p) => p.outcome)).toEqual(Array(2).fill('not_contract_event'));
    expect(h.logs.join('')).toContain('not a contract event');
  });

  it('acknowledges a genuine payment notification once and leaves every contract alone', async () => {
    const payment = {
      sp_appid: h.config.wechatpay.spAppid,
      sp_mchid: h.config.wechatpay.mchid,
      sub_mchid: h.identity.subMerchants[0]!.sub_mchid,
      out_trade_no: code,
      transaction_id: '4200000000202612020000000001',
      trade_state: 'SUCCESS',
      amount: { total: 1, currency: 'CNY' },
    };
    const n = notification(h, payment, { eventType: 'TRANSACTION.SUCCESS', originalType: 'transaction' });
    expect((await post(h, n)).statusCode).toBe(204);
    expect((await post(h, n)).statusCode).toBe(204);
    expect(await state()).toBe('PRESIGNED');
    // It goes to the orders, which hold no such out_trade_no: recorded, never applied to a contract.
    expect((await processed()).map((p) => p.outcome)).toEqual(['unknown_order']);
  });

  describe('rejections', () => {
    const expectFail = async (res: Awaited<ReturnType<typeof post>>, status: number) => {
      expect(res.statusCode).toBe(status);
      expect(res.json()).toEqual({ code: 'FAIL', message: expect.any(String) });
      expect(await state()).toBe('PRESIGNED');
      expect(await processed()).toHaveLength(0);
    };

    it('bad signature (body changed after signing) → 401', async () => {
      const n = notification(h, signed());
      await expectFail(
        await post(h, { headers: n.headers, body: n.body.replace('CONTRACT.SIGN', 'CONTRACT.SIGX') }),
        401,
      );
    });

    it('re-serialised JSON (same content, other bytes) → 401', async () => {
      const n = notification(h, signed());
      await expectFail(
        await post(h, { headers: n.headers, body: JSON.stringify(JSON.parse(n.body), null, 1) }),
        401,
      );
    });

    it('stale timestamp → 401', async () => {
      const n = notification(h, signed(), { now: () => Date.now() - 10 * 60_000 });
      await expectFail(await post(h, n), 401);
    });

    it('unknown serial → 401', async () => {
      await expectFail(await post(h, notification(h, signed(), { serial: 'PUB_KEY_ID_UNKNOWN' })), 401);
    });

    it('WECHATPAY/SIGNTEST/ probe → 401', async () => {
      const n = notification(h, signed());
      const probe = {
        ...n.headers,
        'Wechatpay-Signature': `WECHATPAY/SIGNTEST/${Buffer.alloc(256, 1).toString('base64')}`,
      };
      await expectFail(await post(h, { headers: probe, body: n.body }), 401);
    });

    it('missing headers → 401', async () => {
      const n = notification(h, signed());
      await expectFail(await post(h, { headers: { 'content-type': 'application/json' }, body: n.body }), 401);
    });

    it('undecryptable (another APIv3 key) → 400', async () => {
      await expectFail(await post(h, notification(h, signed(), { apiV3Key: 'Z'.repeat(32) })), 400);
    });

    it('regression: an unsupported resource.algorithm was reported as not authentic → 400, cannot read it', async () => {
      const n = notification(h, signed());
      const body = n.body.replace('"AEAD_AES_256_GCM"', '"AEAD_SM4_GCM"');
      const resigned = signResponse({
        privateKey: h.identity.wechatpay.privateKey,
        serial: h.identity.publicKeyId,
        body,
      });
      await expectFail(
        await post(h, { headers: { 'content-type': 'application/json', ...resigned }, body }),
        400,
      );
      const log = h.logs.join('');
      expect(log).toContain('cannot read it');
      expect(log).not.toContain('not authentic');
    });

    it('malformed plaintext → 400', async () => {
      await expectFail(await post(h, notification(h, { contract_state: 'SIGNED' })), 400);
      await expectFail(await post(h, notification(h, 'not json at all')), 400);
    });
  });

  it('keeps the log free of openids and the notification plaintext', async () => {
    await post(h, notification(h, signed()));
    const text = h.logs.join('');
    expect(text).toMatch(/"outcome":"applied".*"request completed"/);
    expect(text).not.toContain(signed().sub_openid);
    expect(text).not.toContain(alice);
  });
});
