import { randomBytes } from 'node:crypto';
import { API_PATHS } from '@kit/wechatpay';
import type { RunningSimulator } from '../../src/index.js';
import type { IndependentClient } from './independent-client.js';

export const PRESIGN_PATH = API_PATHS.presignMiniProgram.template;

export const uniqueCode = () => `T${randomBytes(8).toString('hex')}`;

/** A valid pre-sign body for the first sub-merchant; override any field (undefined removes it). */
export function presignBody(
  sim: RunningSimulator,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const sub = sim.identity.subMerchants[0]!;
  const body: Record<string, unknown> = {
    sp_appid: sim.identity.spAppid,
    sub_mchid: sub.sub_mchid,
    sub_appid: sub.sub_appid,
    sub_openid: `oUser${randomBytes(8).toString('hex')}`,
    service_id: sub.service_id,
    out_contract_code: uniqueCode(),
    notify_url: 'https://merchant.example.com/v1/notifications/wechatpay',
    contract_display_account: '测试账户',
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
}

export function contractPath(serviceId: number | string, code: string): string {
  return API_PATHS.queryContract.build({ service_id: serviceId, out_contract_code: code });
}

/** Pre-signs through the independent client and returns the parsed answer. */
export async function presign(client: IndependentClient, body: Record<string, unknown>) {
  const response = await client.call('POST', PRESIGN_PATH, body);
  if (response.status !== 200) throw new Error(`presign failed: ${response.status} ${response.text}`);
  return response.json as { pre_entrustweb_id: string; out_contract_code: string; service_id: number };
}
