import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvFile } from '@kit/test-support';
import { buildNotification } from '@kit/wechatpay/testing';
import type { Stack } from './stack.js';

/** The fields of WeChat Pay's transaction plaintext the scenarios read or alter. */
export interface Transaction {
  out_trade_no: string;
  trade_state: string;
  transaction_id?: string;
  amount: { total: number; currency: string; payer_total?: number };
  [field: string]: unknown;
}

/**
 * A TRANSACTION.SUCCESS signed with the simulator identity's WeChat Pay key and encrypted with its
 * APIv3 key — exactly what WeChat Pay would send — POSTed to the BFF's notification URL.
 * Returns the notification id and the BFF's status.
 */
export async function postTransactionSuccess(
  stack: Stack,
  payload: Transaction,
): Promise<{ id: string; status: number }> {
  const env = readEnvFile(join(stack.dir, 'sim/bff.env'));
  const n = buildNotification({
    privateKey: readFileSync(join(stack.dir, 'sim/wechatpay_private_key.pem')),
    serial: env.WECHATPAY_PUBLIC_KEY_ID as string,
    apiV3Key: env.WECHATPAY_APIV3_KEY as string,
    eventType: 'TRANSACTION.SUCCESS',
    originalType: 'transaction',
    associatedData: 'transaction',
    summary: '支付成功',
    payload,
  });
  const res = await fetch(`${stack.bffUrl}/v1/notifications/wechatpay`, {
    method: 'POST',
    headers: n.headers,
    body: n.body,
  });
  await res.arrayBuffer();
  return { id: (JSON.parse(n.body) as { id: string }).id, status: res.status };
}

/** The simulator's own record of the order behind a payment page (its query answer / plaintext). */
export async function simTransaction(stack: Stack, prepayId: string): Promise<Transaction> {
  const { transaction } = (await stack.simControl(`/sim/prepay/${prepayId}`)) as {
    transaction: Transaction;
  };
  return transaction;
}
