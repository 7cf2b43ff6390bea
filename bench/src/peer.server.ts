/**
 * The peer: the same pre-sign as the relay, done the way the most downloaded Node WeChat Pay APIv3
 * SDK (wechatpay-node-v3) shows in its README — `getSignature` + `getAuthorization`, the call with
 * superagent, then `verifySign` on the answer. A minimal Fastify service and nothing else: no
 * session, rows, validation of our own or logs. A process entry of its own:
 * `node dist/peer.server.js <config.json>` (the relay's config file).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { API_PATHS } from '@kit/wechatpay';
import Fastify from 'fastify';
import request from 'superagent';
import WxPay from 'wechatpay-node-v3';
import type { RelayConfig } from './stack.types.js';

const config = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as RelayConfig;
const PRESIGN = API_PATHS.presignMiniProgram.template;

/**
 * The SDK trusts platform keys from its static `certificates` map (filled by downloading
 * certificates from the real API when a serial is missing). The simulator answers with a WeChat Pay
 * public key id, so the key is put there up front: the README's `verifySign` then runs on every answer.
 */
class PeerPay extends WxPay {
  static trust(serial: string, publicKeyPem: string): void {
    PeerPay.certificates[serial] = publicKeyPem;
  }
}
PeerPay.trust(config.wechatpayPublicKeyId, config.wechatpayPublicKeyPem);

const pay = new PeerPay({
  appid: config.spAppid,
  mchid: config.mchid,
  serial_no: config.merchantSerialNo,
  // Only read to derive serial_no, which is given.
  publicKey: Buffer.from(config.wechatpayPublicKeyPem),
  privateKey: Buffer.from(config.merchantPrivateKeyPem),
});

async function presign(): Promise<unknown> {
  const code = randomBytes(16).toString('hex');
  const params = {
    sp_appid: config.spAppid,
    sub_mchid: config.sub.sub_mchid,
    sub_appid: config.sub.sub_appid,
    sub_openid: `peer-${code}`,
    service_id: config.sub.service_id,
    out_contract_code: code,
    notify_url: config.notifyUrl,
    contract_display_account: config.sub.contract_display_account,
  };
  // As the README: nonce from Math.random, timestamp in seconds, signature over the JSON body.
  const nonce = Math.random().toString(36).substr(2, 15);
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = pay.getSignature('POST', nonce, timestamp, PRESIGN, params);
  const result = await request
    .post(`${config.simUrl}${PRESIGN}`)
    .send(params)
    .set({
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'User-Agent': 'kit-bench-peer/0.1',
      Authorization: pay.getAuthorization(nonce, timestamp, signature),
    });
  const header = (name: string) => String(result.headers[name] ?? '');
  const ok = await pay.verifySign({
    timestamp: header('wechatpay-timestamp'),
    nonce: header('wechatpay-nonce'),
    // The raw answer: verifying a re-serialised `result.body` would depend on key order.
    body: result.text,
    serial: header('wechatpay-serial'),
    signature: header('wechatpay-signature'),
  });
  if (!ok) throw new Error('answer signature did not verify');
  return result.body;
}

// An orderly exit on the bench's SIGTERM: --cpu-prof writes its profile only then.
process.on('SIGTERM', () => process.exit(0));

const app = Fastify({ logger: false });
app.post('/pre-sign', async () => presign());
app
  .listen({ port: config.port, host: '127.0.0.1' })
  .then(() => console.log(`peer listening on ${config.port}`))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
