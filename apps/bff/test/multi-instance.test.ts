import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractsRepo } from '../src/contracts/contracts.repo.js';
import { FakeWechat, openidFor } from './helpers/fake-wechat.js';
import { bearer, createHarness, type Harness } from './helpers/harness.js';
import { createIdentity, type TestIdentity } from './helpers/identity.js';
import { notification, post } from './helpers/notify.js';
import { freshSchema } from './helpers/pg.js';

describe('two BFF instances on one PostgreSQL', () => {
  let identity: TestIdentity;
  let fake: FakeWechat;
  let drop: () => Promise<void>;
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    identity = createIdentity();
    fake = await new FakeWechat(identity).start();
    const fresh = await freshSchema();
    drop = fresh.drop;
    [a, b] = await Promise.all([
      createHarness({ identity, fake, pgSchema: fresh.schema }),
      createHarness({ identity, fake, pgSchema: fresh.schema }),
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await fake?.close();
    await drop?.();
    identity?.cleanup();
  });

  it('share sessions and contracts, and apply 50 concurrent duplicate notifications exactly once', async () => {
    const token = await a.login('carol');
    const { out_contract_code: code } = (
      await b.app.inject({
        method: 'POST',
        url: '/v1/contracts/pre-sign',
        headers: bearer(token),
        payload: {},
      })
    ).json();
    expect(code).toBeTruthy();
    // Reused across instances.
    const again = await a.app.inject({
      method: 'POST',
      url: '/v1/contracts/pre-sign',
      headers: bearer(token),
      payload: {},
    });
    expect(again.json().out_contract_code).toBe(code);

    const sub = identity.subMerchants[0]!;
    const n = notification(a, {
      out_contract_code: code,
      mchid: a.config.wechatpay.mchid,
      sub_mchid: sub.sub_mchid,
      sub_openid: openidFor(sub.sub_appid, 'carol'),
      contract_state: 'SIGNED',
      contract_id: 'CT-PG',
    });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post(i % 2 ? a : b, n)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(204));
    const events = await createContractsRepo(a.database.db, () => 'x').events(code);
    expect(events).toMatchObject([{ from_state: 'PRESIGNED', to_state: 'SIGNED', source: 'notification' }]);
    const view = await b.app.inject({ url: '/v1/contracts/current', headers: bearer(token) });
    expect(view.json()).toMatchObject({ state: 'SIGNED', contract_id: 'CT-PG' });
  });
});
