/**
 * The minimal relay: the least any Node service must do on the BFF's two hot paths, and nothing
 * else — node:http in, the same @kit/wechatpay client the BFF uses (sign, undici out, verify), one
 * committed SQLite write per notification, node:http out. No framework, session, validation,
 * contract rows or logs. Its CPU per request is the reference the BFF's own overhead is read
 * against. A process entry of its own: `node dist/relay.server.js <config.json>`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  jsapiWithContract,
  loadApiV3Key,
  loadPrivateKey,
  loadPublicKey,
  NotificationParser,
  presignMiniProgram,
  ResponseVerifier,
  requestPaymentParams,
  WechatPayClient,
} from '@kit/wechatpay';
import Database from 'better-sqlite3';
import type { RelayConfig } from './stack.types.js';

const config = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as RelayConfig;
const verifier = new ResponseVerifier({
  keys: { [config.wechatpayPublicKeyId]: loadPublicKey(config.wechatpayPublicKeyPem) },
  merchantSerialNo: config.merchantSerialNo,
});
const client = new WechatPayClient({
  mchid: config.mchid,
  serialNo: config.merchantSerialNo,
  privateKey: loadPrivateKey(config.merchantPrivateKeyPem),
  verifier,
  baseUrl: config.simUrl,
  timeoutMs: 8_000,
  maxRetries: 0,
});
const notifications = new NotificationParser({ verifier, apiV3Key: loadApiV3Key(config.apiV3Key) });

// The BFF's SQLite settings (WAL, synchronous=NORMAL), SQLite's own checkpoints.
const db = new Database(config.dbFile);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table if not exists notifications (id text primary key, code text, received_at text)');
const insert = db.prepare('insert into notifications values (?, ?, ?) on conflict (id) do nothing');

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

async function presign(res: ServerResponse): Promise<void> {
  const code = randomBytes(16).toString('hex');
  const answer = await presignMiniProgram(client, {
    sp_appid: config.spAppid,
    sub_mchid: config.sub.sub_mchid,
    sub_appid: config.sub.sub_appid,
    sub_openid: `relay-${code}`,
    service_id: config.sub.service_id,
    out_contract_code: code,
    notify_url: config.notifyUrl,
    contract_display_account: config.sub.contract_display_account,
  });
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
}

/** The BFF's order call, minus everything but the crypto: sign, verify the answer, paySign. */
async function order(body: Buffer, res: ServerResponse): Promise<void> {
  const o = JSON.parse(body.toString('utf8')) as {
    out_trade_no: string;
    sub_openid: string;
    contract_id: string;
    amount: number;
    description: string;
  };
  const { prepay_id } = await jsapiWithContract(client, {
    sp_appid: config.spAppid,
    sp_mchid: config.mchid,
    sub_appid: config.sub.sub_appid,
    sub_mchid: config.sub.sub_mchid,
    description: o.description,
    out_trade_no: o.out_trade_no,
    notify_url: config.notifyUrl,
    amount: { total: o.amount, currency: 'CNY' },
    payer: { sub_openid: o.sub_openid },
    contract_info: { password_free_contract_id: o.contract_id },
  });
  const payment = requestPaymentParams(client, { appId: config.sub.sub_appid, prepayId: prepay_id });
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payment));
}

/** Any notification, contract or payment: verify, decrypt, one committed insert. */
function notify(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const n = notifications.parseEvent(req.headers, body);
  const key = n.kind === 'contract' ? n.payload.out_contract_code : n.payload.out_trade_no;
  insert.run(n.id, key, new Date().toISOString());
  res.writeHead(204).end();
}

// An orderly exit on the bench's SIGTERM: --cpu-prof writes its profile only then.
process.on('SIGTERM', () => process.exit(0));

createServer(async (req, res) => {
  try {
    const body = await readBody(req);
    if (req.url === '/pre-sign') await presign(res);
    else if (req.url === '/order') await order(body, res);
    else if (req.url === '/notify') notify(req, body, res);
    else res.writeHead(404).end();
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  }
}).listen(config.port, '127.0.0.1', () => console.log(`relay listening on ${config.port}`));
