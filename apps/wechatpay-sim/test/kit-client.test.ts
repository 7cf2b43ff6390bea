import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ContractNotification,
  NotificationParser,
  presignMiniProgram,
  queryContract,
  ResponseVerifier,
  terminateContract,
  WechatPayClient,
} from '@kit/wechatpay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../src/index.js';
import { uniqueCode } from './support/bodies.js';
import { control, eventually, startTestSim, type TestSim } from './support/sim.js';

/** The BFF's own client (@kit/wechatpay), configured only from bff.env, against the simulator. */
describe('@kit/wechatpay configured from bff.env', () => {
  let sim: TestSim;
  let receiver: Server;
  let notifyUrl: string;
  let client: WechatPayClient;
  const parsed: ContractNotification[] = [];

  beforeAll(async () => {
    sim = await startTestSim();
    const env = sim.bffEnv;
    const verifier = new ResponseVerifier({
      keys: { [env.WECHATPAY_PUBLIC_KEY_ID!]: await readFile(env.WECHATPAY_PUBLIC_KEY_FILE!, 'utf8') },
      merchantSerialNo: env.WECHATPAY_MERCHANT_SERIAL_NO,
    });
    client = new WechatPayClient({
      mchid: env.WECHATPAY_MCHID!,
      serialNo: env.WECHATPAY_MERCHANT_SERIAL_NO!,
      privateKey: await readFile(env.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE!, 'utf8'),
      verifier,
      baseUrl: env.WECHATPAY_BASE_URL!,
      backupBaseUrl: env.WECHATPAY_BACKUP_BASE_URL!,
      retryDelayMs: 1,
    });
    const parser = new NotificationParser({ verifier, apiV3Key: env.WECHATPAY_APIV3_KEY! });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        parsed.push(parser.parse(req.headers, Buffer.concat(chunks)));
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/notifications/wechatpay`;
  });

  afterAll(async () => {
    await client.close();
    await sim.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('pre-signs (through a retried 500), gets notified, queries and terminates', async () => {
    const sub = sim.identity.subMerchants[1]!;
    await control(sim, 'POST', '/sim/faults', { target: 'presign', kind: 'system_error' });
    const pre = await presignMiniProgram(client, {
      sp_appid: sim.bffEnv.WECHATPAY_SP_APPID!,
      sub_mchid: sub.sub_mchid,
      sub_appid: sub.sub_appid,
      sub_openid: 'oKitClientUser',
      service_id: sub.service_id,
      out_contract_code: uniqueCode(),
      notify_url: notifyUrl,
      contract_display_account: sub.contract_display_account,
    });
    await control(sim, 'POST', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}/confirm`);
    const notification = await eventually(async () => parsed[0]);
    expect(notification.eventType).toBe(EVENT_TYPES.sign);
    expect(notification.payload).toMatchObject({
      out_contract_code: pre.out_contract_code,
      contract_state: 'SIGNED',
    });

    const ref = { serviceId: sub.service_id, outContractCode: pre.out_contract_code };
    expect(await queryContract(client, ref)).toMatchObject({
      contract_state: 'SIGNED',
      sub_openid: 'oKitClientUser',
    });
    await terminateContract(client, { ...ref, remark: '不再需要' });
    expect((await queryContract(client, ref)).contract_terminate_info).toMatchObject({
      contract_termination_remark: '不再需要',
    });
  });
});
