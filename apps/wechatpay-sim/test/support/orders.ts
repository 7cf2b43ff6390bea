import { randomBytes } from 'node:crypto';
import { API_PATHS, queryTransactionPath } from '@kit/wechatpay';
import type { RunningSimulator } from '../../src/index.js';
import { presign, presignBody } from './bodies.js';
import type { IndependentClient } from './independent-client.js';
import { control } from './sim.js';

export const JSAPI_PATH = API_PATHS.jsapi.template;
export const WITH_CONTRACT_PATH = API_PATHS.jsapiWithContract.template;
export const PAY_REDIRECT_PATH = API_PATHS.payRedirectSign.template;

export const uniqueTradeNo = () => `K${randomBytes(10).toString('hex')}`;
export const newOpenid = () => `oUser${randomBytes(8).toString('hex')}`;

/** A valid ordinary order for the first sub-merchant; override any field (undefined removes it). */
export function orderBody(
  sim: RunningSimulator,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const sub = sim.identity.subMerchants[0]!;
  const body: Record<string, unknown> = {
    sp_appid: sim.identity.spAppid,
    sp_mchid: sim.identity.mchid,
    sub_appid: sub.sub_appid,
    sub_mchid: sub.sub_mchid,
    description: '美式咖啡（中杯）',
    out_trade_no: uniqueTradeNo(),
    notify_url: 'https://merchant.example.com/v1/notifications/wechatpay',
    amount: { total: 1200, currency: 'CNY' },
    payer: { sub_openid: newOpenid() },
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
}

export function queryPath(sim: RunningSimulator, outTradeNo: string, subMchid?: string): string {
  return queryTransactionPath({
    outTradeNo,
    spMchid: sim.identity.mchid,
    subMchid: subMchid ?? sim.identity.subMerchants[0]!.sub_mchid,
  });
}

export const closePath = (outTradeNo: string) =>
  API_PATHS.closeTransaction.build({ out_trade_no: outTradeNo });

/** Creates an order and returns its prepay_id (throws on anything but 200). */
export async function createOrder(client: IndependentClient, path: string, body: Record<string, unknown>) {
  const response = await client.call('POST', path, body);
  if (response.status !== 200) throw new Error(`order failed: ${response.status} ${response.text}`);
  return response.json.prepay_id as string;
}

/** A user with a SIGNED contract (mini-program scene): their sub_openid and the contract_id. */
export async function signedUser(
  client: IndependentClient,
  sim: RunningSimulator,
  overrides: Record<string, unknown> = {},
) {
  const subOpenid = newOpenid();
  const pre = await presign(client, presignBody(sim, { sub_openid: subOpenid, ...overrides }));
  const confirmed = await control<{ contract_id: string; out_contract_code: string }>(
    sim,
    'POST',
    `/sim/pre-entrustweb/${pre.pre_entrustweb_id}/confirm`,
  );
  if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status}`);
  return { subOpenid, contractId: confirmed.body.contract_id, outContractCode: pre.out_contract_code };
}

/** A password-free order body for a signed user. */
export function withContractBody(
  sim: RunningSimulator,
  user: { subOpenid: string; contractId: string },
  overrides: Record<string, unknown> = {},
) {
  return orderBody(sim, {
    payer: { sub_openid: user.subOpenid },
    contract_info: { password_free_contract_id: user.contractId },
    ...overrides,
  });
}

export interface SheetView {
  prepay_id: string;
  pay_mode: 'PASSWORD_FREE' | 'NORMAL';
  abandoned: number;
  sign_offer?: { out_contract_code: string; status: string };
  transaction: Record<string, unknown> & { trade_state: string };
  contract?: Record<string, unknown>;
}

export const sheet = (sim: RunningSimulator, prepayId: string, action = '', body?: unknown) =>
  control<SheetView & { code?: string; message?: string }>(
    sim,
    action ? 'POST' : 'GET',
    `/sim/prepay/${encodeURIComponent(prepayId)}${action ? `/${action}` : ''}`,
    body,
  );
