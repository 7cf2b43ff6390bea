import { createSign, sign, verify } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  API_PATHS,
  AUTH_SCHEME,
  aesGcmDecrypt,
  buildRequestMessage,
  buildResponseMessage,
  loadApiV3Key,
  loadPrivateKey,
  loadPublicKey,
  RequestSigner,
  ResponseVerifier,
} from '@kit/wechatpay';
import Database from 'better-sqlite3';
import type { BenchConfig } from './config.js';
import { opsPerSecond, type Rate } from './measure.js';
import type { SignedNotification } from './notifications.types.js';
import type { SimIdentity } from './stack.types.js';

export interface Floor {
  rsaSignPerS: Rate;
  rsaVerifyPerS: Rate;
  aesGcmDecryptPerS: Rate;
  sqliteCommitPerS: Rate;
  /** verify + decrypt + one committed insert per notification, in process. */
  notifyLoopPerS: Rate;
  /** RequestSigner.authorization (key parsed once) vs the same header signing with a PEM string per call. */
  ourSignerPerS: Rate;
  pemPerCallSignerPerS: Rate;
}

interface Envelope {
  id: string;
  resource: { ciphertext: string; nonce: string; associated_data?: string };
}

/** Same settings as the BFF's SQLite (WAL, synchronous=NORMAL): what one committed write costs here. */
function openDb(file: string): Database.Database {
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'create table notifications (id text primary key, out_contract_code text, received_at text not null)',
  );
  return db;
}

const PRESIGN = API_PATHS.presignMiniProgram.template;

export function measureFloor(config: BenchConfig, id: SimIdentity, sample: SignedNotification[]): Floor {
  const ms = config.floorMs;
  const merchantKey = loadPrivateKey(id.merchantPrivateKeyPem);
  const wechatKey = loadPrivateKey(id.wechatpayPrivateKeyPem);
  const wechatPublic = loadPublicKey(id.wechatpayPublicKeyPem);
  const apiV3Key = loadApiV3Key(id.apiV3Key);

  const body = JSON.stringify({
    sp_appid: id.spAppid,
    sub_mchid: id.sub.sub_mchid,
    out_contract_code: 'X'.repeat(32),
  });
  const requestMessage = buildRequestMessage('POST', PRESIGN, 1764288000, 'n'.repeat(32), body);
  const responseMessage = buildResponseMessage(1764288000, 'n'.repeat(32), Buffer.from(body));
  const responseSignature = sign('sha256', responseMessage, wechatKey);
  const rsaSignPerS = opsPerSecond(() => sign('sha256', Buffer.from(requestMessage), merchantKey), ms);
  const rsaVerifyPerS = opsPerSecond(() => {
    if (!verify('sha256', responseMessage, wechatPublic, responseSignature)) throw new Error('verify failed');
  }, ms);

  const envelopes = sample.map((n) => JSON.parse(n.body) as Envelope);
  const decrypt = (e: Envelope) =>
    aesGcmDecrypt({
      key: apiV3Key,
      nonce: e.resource.nonce,
      associatedData: e.resource.associated_data,
      ciphertext: e.resource.ciphertext,
    });
  const aesGcmDecryptPerS = opsPerSecond((i) => decrypt(envelopes[i % envelopes.length] as Envelope), ms);

  const db = openDb(join(config.tmpDir, 'floor.sqlite'));
  const insert = db.prepare(
    'insert into notifications (id, out_contract_code, received_at) values (?, ?, ?)',
  );
  const sqliteCommitPerS = opsPerSecond((i) => insert.run(`c${i}`, 'X', new Date().toISOString()), ms);

  const verifier = new ResponseVerifier({ keys: { [id.wechatpayPublicKeyId]: wechatPublic } });
  const notifyLoopPerS = opsPerSecond((i) => {
    const n = sample[i % sample.length] as SignedNotification;
    verifier.verify(n.headers, n.body);
    const envelope = JSON.parse(n.body) as Envelope;
    const payload = JSON.parse(decrypt(envelope)) as { out_contract_code: string };
    insert.run(`${envelope.id}:${i}`, payload.out_contract_code, new Date().toISOString());
  }, ms);
  db.close();

  const signer = new RequestSigner({
    mchid: id.mchid,
    serialNo: id.merchantSerialNo,
    privateKey: merchantKey,
  });
  const ourSignerPerS = opsPerSecond(() => signer.authorization('POST', PRESIGN, body), ms);
  const pem = id.merchantPrivateKeyPem;
  const pemPerCallSignerPerS = opsPerSecond(() => {
    // What a PEM-per-call SDK does: the key string goes to createSign().sign() on every request.
    const timestamp = Math.floor(Date.now() / 1000);
    const nonce = Math.random().toString(36).slice(2).padEnd(32, '0');
    const message = buildRequestMessage('POST', PRESIGN, timestamp, nonce, body);
    const signature = createSign('RSA-SHA256').update(message).sign(pem, 'base64');
    return `${AUTH_SCHEME} mchid="${id.mchid}",nonce_str="${nonce}",timestamp="${timestamp}",serial_no="${id.merchantSerialNo}",signature="${signature}"`;
  }, ms);

  return {
    rsaSignPerS,
    rsaVerifyPerS,
    aesGcmDecryptPerS,
    sqliteCommitPerS,
    notifyLoopPerS,
    ourSignerPerS,
    pemPerCallSignerPerS,
  };
}
