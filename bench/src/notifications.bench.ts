import { loadPrivateKey } from '@kit/wechatpay';
import { buildNotification } from '@kit/wechatpay/testing';
import type { BenchConfig } from './config.js';
import { send } from './http.js';
import { closedLoop, type LoadRequest } from './loadgen.js';
import type { NotificationFigures, SignedNotification } from './notifications.types.js';
import type { PresignedContract } from './presign.types.js';
import { cpuSince, cpuTimes } from './processes.js';
import type { Stack } from './stack.js';

/**
 * SIGN notifications exactly as WeChat Pay sends them (signed, AES-256-GCM encrypted), one per
 * contract pre-signed earlier, so each one moves a real PRESIGNED row to SIGNED. Distinct ids.
 */
export function buildSignNotifications(
  stack: Stack,
  contracts: PresignedContract[],
  count: number,
): SignedNotification[] {
  const id = stack.identity;
  const privateKey = loadPrivateKey(id.wechatpayPrivateKeyPem);
  const signedAt = new Date().toISOString();
  return contracts.slice(0, count).map((c, i) => {
    const built = buildNotification({
      privateKey,
      serial: id.wechatpayPublicKeyId,
      apiV3Key: id.apiV3Key,
      eventType: 'PASSWORD_EXEMPT_CONTRACT.SIGN',
      summary: '签约成功',
      payload: {
        out_contract_code: c.outContractCode,
        contract_id: `2026112800000000${String(i).padStart(10, '0')}`,
        mchid: id.mchid,
        sub_mchid: id.sub.sub_mchid,
        service_id: id.sub.service_id,
        appid: id.spAppid,
        sub_appid: id.sub.sub_appid,
        sub_openid: c.subOpenid,
        contract_state: 'SIGNED',
        contract_signed_time: signedAt,
      },
    });
    return { headers: { ...built.headers }, body: built.body };
  });
}

export async function benchNotifications(
  config: BenchConfig,
  stack: Stack,
  contracts: PresignedContract[],
  notifications: SignedNotification[],
): Promise<NotificationFigures> {
  const requests: LoadRequest[] = notifications.map((n) => ({
    method: 'POST',
    path: '/v1/notifications/wechatpay',
    headers: n.headers,
    body: n.body,
  }));
  const before = cpuTimes(stack.bff.pid);
  const result = await closedLoop(stack.bffUrl, requests, config.notifyConnections);
  const cpu = cpuSince(stack.bff.pid, before);
  const committed = result.statuses['204'] ?? 0;
  if (committed !== notifications.length) {
    throw new Error(
      `notifications: expected ${notifications.length} × 204, got ${JSON.stringify(result.statuses)}`,
    );
  }
  await spotCheckSigned(stack, contracts);

  const relayBefore = cpuTimes(stack.relay.pid);
  const relay = await closedLoop(
    stack.relayUrl,
    requests.map((r) => ({ ...r, path: '/notify' })),
    config.notifyConnections,
  );
  const relayCpu = cpuSince(stack.relay.pid, relayBefore);
  if ((relay.statuses['204'] ?? 0) !== notifications.length) {
    throw new Error(`relay notifications: ${JSON.stringify(relay.statuses)}`);
  }
  return {
    ...result,
    committed,
    bffCpuMsPerNotification: cpu.ms / result.sent,
    bffUserShare: cpu.userShare,
    relay: { ...relay, cpuMsPerNotification: relayCpu.ms / relay.sent },
  };
}

/** A 204 must mean the transition was applied: some owners read their contract back as SIGNED. */
async function spotCheckSigned(stack: Stack, contracts: PresignedContract[]): Promise<void> {
  const step = Math.max(1, Math.floor(contracts.length / 20));
  for (let i = 0; i < contracts.length; i += step) {
    const c = contracts[i] as PresignedContract;
    const res = await send(`${stack.bffUrl}/v1/contracts/${c.outContractCode}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${c.token}` },
    });
    const state = res.status === 200 ? (JSON.parse(res.body) as { state: string }).state : res.status;
    if (state !== 'SIGNED')
      throw new Error(`contract ${c.outContractCode} is ${state} after its SIGN notification`);
  }
}
