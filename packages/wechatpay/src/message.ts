const LF = Buffer.from('\n');

/**
 * What APIv3 signs: a few lines, then the exact body bytes, each followed by `\n` (the body too).
 * A string body gives a string message, a Buffer body a Buffer (raw bytes are never re-decoded).
 */
function message(head: string, body: string | Buffer): string | Buffer {
  if (typeof body === 'string') return `${head}${body}\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), body, LF]);
}

/** A request: `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`; `url` is the path with the query string. */
export function buildRequestMessage(
  method: string,
  url: string,
  timestamp: string | number,
  nonce: string,
  body?: string,
): string;
export function buildRequestMessage(
  method: string,
  url: string,
  timestamp: string | number,
  nonce: string,
  body: Buffer,
): Buffer;
export function buildRequestMessage(
  method: string,
  url: string,
  timestamp: string | number,
  nonce: string,
  body: string | Buffer = '',
): string | Buffer {
  return message(`${method}\n${url}\n${timestamp}\n${nonce}\n`, body);
}

/** A response or a notification: `TIMESTAMP\nNONCE\nBODY\n` (`Wechatpay-Timestamp`, `-Nonce`, raw body). */
export function buildResponseMessage(timestamp: string | number, nonce: string, body: string): string;
export function buildResponseMessage(timestamp: string | number, nonce: string, body: Buffer): Buffer;
export function buildResponseMessage(
  timestamp: string | number,
  nonce: string,
  body: string | Buffer,
): string | Buffer {
  return message(`${timestamp}\n${nonce}\n`, body);
}

/**
 * What `paySign` covers (wx.requestPayment, §9): `appId\ntimeStamp\nnonceStr\npackage\n`.
 * `signType` is not part of it.
 */
export function buildPaySignMessage(appId: string, timeStamp: string, nonceStr: string, pkg: string): string {
  return `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;
}
