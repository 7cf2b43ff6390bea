import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rsa, Wechatpay } from 'wechatpay-axios-plugin';
import { EVENT_TYPES, SIGN_MP_APPID, TERMINATION_MODES } from '../src/index.js';
import { NotifyReceiver } from './support/notify-receiver.js';
import { control, eventually, startTestSim, type TestSim } from './support/sim.js';

/**
 * The acceptance path, driven by wechatpay-axios-plugin@0.9.6's own APIv3 client: it signs every
 * request and refuses any answer whose WeChat Pay signature does not verify.
 */
interface Reply {
  status: number;
  headers: Record<string, string>;
  data: Record<string, unknown>;
}
interface Endpoint {
  get(config?: Record<string, unknown>): Promise<Reply>;
  post(data: unknown, config?: Record<string, unknown>): Promise<Reply>;
}

/** Walks the plugin's chained API (camelCase → kebab-case path segments, $name$ → {name}). */
function at(root: unknown, ...segments: string[]): Endpoint {
  return segments.reduce((node, key) => (node as Record<string, unknown>)[key], root) as Endpoint;
}

describe('an independent APIv3 client against the simulator', () => {
  let sim: TestSim;
  let receiver: NotifyReceiver;
  let notifyUrl: string;
  let wxpay: ReturnType<typeof client>;

  function client(s: TestSim) {
    return new Wechatpay({
      mchid: s.identity.mchid,
      serial: s.identity.merchantSerialNo,
      privateKey: readFileSync(s.identity.merchantPrivateKeyFile),
      certs: { [s.identity.wechatpayPublicKeyId]: readFileSync(s.identity.wechatpayPublicKeyFile) },
      baseURL: `${s.url}/`,
    });
  }

  beforeAll(async () => {
    sim = await startTestSim();
    receiver = new NotifyReceiver({
      wechatpayKey: Rsa.from(`file://${sim.identity.wechatpayPublicKeyFile}`, Rsa.KEY_TYPE_PUBLIC),
      serial: sim.identity.wechatpayPublicKeyId,
      apiV3Key: sim.identity.apiV3Key,
      script: [500, 204],
    });
    notifyUrl = await receiver.start();
    wxpay = client(sim);
  });

  afterAll(async () => {
    await sim.stop();
    await receiver.stop();
  });

  it('pre-signs, signs, notifies (retrying after a 500), queries, terminates and queries again', async () => {
    const sub = sim.identity.subMerchants[0]!;
    const contracts = ['v3', 'passwordExemptContract', 'contracts'];
    const presign = await at(wxpay, ...contracts, 'serviceProvider', 'preEntrustSign', 'miniProgram').post({
      sp_appid: sim.identity.spAppid,
      sub_mchid: sub.sub_mchid,
      sub_appid: sub.sub_appid,
      sub_openid: 'oSubOpenid0001',
      service_id: sub.service_id,
      out_contract_code: 'KIT20261128A1',
      notify_url: notifyUrl,
      contract_display_account: '张三的账户',
    });
    expect(presign.status).toBe(200);
    expect(presign.headers['request-id']).toMatch(/^[0-9A-F]{32}$/);
    const pre = presign.data;
    expect(pre).toMatchObject({
      mchid: sim.identity.mchid,
      sub_mchid: sub.sub_mchid,
      service_id: sub.service_id,
      out_contract_code: 'KIT20261128A1',
      sign_mp_appid: SIGN_MP_APPID,
    });
    expect(pre.sign_mp_path).toContain(
      `pre_entrustweb_id=${encodeURIComponent(String(pre.pre_entrustweb_id))}`,
    );

    const byCode = at(
      wxpay,
      ...contracts,
      'serviceId',
      '$service_id$',
      'outContractCode',
      '$out_contract_code$',
    );
    const terminate = at(byCode, 'terminate');
    const params = { service_id: sub.service_id, out_contract_code: 'KIT20261128A1' };
    await expect(byCode.get(params)).rejects.toMatchObject({ response: { status: 404 } });

    const confirmed = await control<{ contract_id: string }>(
      sim,
      'POST',
      `/sim/pre-entrustweb/${encodeURIComponent(String(pre.pre_entrustweb_id))}/confirm`,
    );
    expect(confirmed.status).toBe(200);

    // First delivery answered 500, the retry (15 s × 0.001) answered 204 — both verified + decrypted.
    const signs = await eventually(async () => {
      const ok = receiver.accepted().filter((r) => r.envelope.event_type === EVENT_TYPES.sign);
      return ok.length >= 2 ? ok : undefined;
    });
    expect(signs.map((r) => r.answered)).toEqual([500, 204]);
    expect(signs[0]!.envelope.id).toBe(signs[1]!.envelope.id);
    expect(signs[1]!.plaintext).toMatchObject({
      out_contract_code: 'KIT20261128A1',
      contract_id: confirmed.body.contract_id,
      mchid: sim.identity.mchid,
      sub_mchid: sub.sub_mchid,
      service_id: sub.service_id,
      appid: sim.identity.spAppid,
      sub_appid: sub.sub_appid,
      sub_openid: 'oSubOpenid0001',
      contract_state: 'SIGNED',
    });
    expect(signs[1]!.plaintext!.openid).toMatch(/^o/);
    const log = await control<{ deliveries: Array<{ status: string; attempts: unknown[] }> }>(
      sim,
      'GET',
      '/sim/notifications?out_contract_code=KIT20261128A1',
    );
    expect(log.body.deliveries[0]).toMatchObject({ status: 'delivered' });
    expect(log.body.deliveries[0]!.attempts).toHaveLength(2);

    const signed = await byCode.get(params);
    expect(signed.data).toMatchObject({
      contract_state: 'SIGNED',
      contract_id: confirmed.body.contract_id,
      openid: signs[1]!.plaintext!.openid,
      sub_openid: 'oSubOpenid0001',
      contract_display_account: '张三的账户',
    });
    expect(signed.data.contract_terminate_info).toBeUndefined();

    const terminated = await terminate.post({ contract_termination_remark: '用户申请解约' }, {
      ...params,
    } as Record<string, unknown>);
    expect(terminated.data).toEqual({
      mchid: sim.identity.mchid,
      service_id: sub.service_id,
      out_contract_code: 'KIT20261128A1',
    });

    const after = await byCode.get(params);
    expect(after.data).toMatchObject({
      contract_state: 'TERMINATED',
      contract_terminate_info: {
        contract_termination_mode: TERMINATION_MODES.merchantApi,
        contract_termination_remark: '用户申请解约',
      },
    });
    const info = after.data.contract_terminate_info as { contract_terminated_time: string };
    expect(info.contract_terminated_time).toMatch(/\+08:00$/);

    const ends = await eventually(async () => {
      const ok = receiver.accepted().filter((r) => r.envelope.event_type === EVENT_TYPES.terminate);
      return ok.length >= 1 ? ok : undefined;
    });
    expect(ends[0]!.plaintext).toMatchObject({
      out_contract_code: 'KIT20261128A1',
      contract_state: 'TERMINATED',
      contract_terminate_info: { contract_termination_mode: TERMINATION_MODES.merchantApi },
    });
  });

  it('the same client refuses an answer whose signature the simulator damaged on purpose', async () => {
    await control(sim, 'POST', '/sim/faults', { target: 'query', kind: 'bad_signature' });
    const byCode = at(
      wxpay,
      ...['v3', 'passwordExemptContract', 'contracts', 'serviceId', '$service_id$'],
      ...['outContractCode', '$out_contract_code$'],
    );
    const sub = sim.identity.subMerchants[0]!;
    await expect(
      byCode.get({ service_id: sub.service_id, out_contract_code: 'KIT20261128A1' }),
    ).rejects.toMatchObject({ code: 'EV3_RES_HEADER_SIGNATURE_DIGEST' });
    // The fault was consumed: the next call verifies again.
    const ok = await byCode.get({ service_id: sub.service_id, out_contract_code: 'KIT20261128A1' });
    expect(ok.status).toBe(200);
  });
});
