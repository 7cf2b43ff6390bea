import {
  flipBits,
  headerBytes,
  hostileValue,
  percentBytes,
  type Rng,
  setRandomField,
  UNICODE,
  wireHeaders,
} from './fuzz.js';

export interface RouteCase {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export const ROUTE_LIMIT = 16 * 1024;

/** Hostile requests to every BFF route: methods, paths, tokens, content types and bodies. */
export function routeCases(o: {
  token: string;
  code: string;
  orderNo: string;
  productId: string;
  appid: string;
  otherToken: string;
}) {
  const templates = [
    ['POST', '/v1/session'],
    ['POST', '/v1/contracts/pre-sign'],
    ['GET', '/v1/contracts/current'],
    ['GET', '/v1/contracts/:code'],
    ['POST', '/v1/contracts/:code/terminate'],
    ['GET', '/v1/products'],
    ['POST', '/v1/orders'],
    ['POST', '/v1/orders'],
    ['GET', '/v1/orders/:no'],
    ['POST', '/v1/orders/:no/close'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['POST', '/v1/notifications/wechatpay'],
    ['GET', '/nowhere/:code'],
  ] as const;
  const goodBodies: Record<string, () => Record<string, unknown>> = {
    '/v1/session': () => ({ code: 'fuzz-login', appid: o.appid }),
    '/v1/contracts/pre-sign': () => ({ contract_display_account: '账户' }),
    '/v1/contracts/:code/terminate': () => ({ remark: '解约' }),
    '/v1/orders': () => ({ product_id: o.productId }),
    '/v1/orders/:no/close': () => ({}),
  };
  // The same key again (with the same or another body) is the idempotent retry / a reuse.
  const reusedKey = `fuzz-key-${Date.now()}`;
  return (rng: Rng): RouteCase => {
    const [rightMethod, template] = rng.pick(templates);
    // Half the order creations are well-formed requests in a hostile order (retries, key reuse, a
    // client-sent amount, an unknown product): the business answers, not only the parser's.
    if (template === '/v1/orders' && rng.int(2) === 0) {
      const body = rng.pick([
        { product_id: o.productId },
        { product_id: o.productId, pay_mode: 'NORMAL' },
        { product_id: o.productId, amount_total: 1 },
        { product_id: 'no-such-product' },
      ]);
      return {
        kind: 'POST /v1/orders well-formed',
        method: 'POST',
        path: template,
        headers: {
          authorization: `Bearer ${rng.pick([o.token, o.otherToken])}`,
          'content-type': 'application/json',
          'idempotency-key': rng.int(2) === 0 ? reusedKey : `fuzz-${rng.int(1e9)}-${rng.int(1e9)}`,
        },
        body: Buffer.from(JSON.stringify(body)),
      };
    }
    const method =
      rng.int(6) === 0 ? rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) : rightMethod;
    const real = template.includes(':no') ? o.orderNo : o.code;
    const codePart = rng.pick([
      () => real,
      () => 'f'.repeat(32),
      () => percentBytes(rng.pick(UNICODE).repeat(3)),
      () => 'a'.repeat(rng.pick([33, 5000])),
      () => '..%2F..%2Fetc%2Fpasswd',
      () => '%00',
      () => '%ZZ',
      () => "1' or '1'='1",
    ])();
    let path = template.replace(/:code|:no/, codePart.replace(/[^\x21-\x7e]/g, '_'));
    if (rng.int(5) === 0)
      path += `?${rng.pick(['a=1', 'x=%ZZ', `q=${'z'.repeat(3000)}`, 'out_contract_code[]=1'])}`;
    const headers: Record<string, string> = {};
    const auth = rng.int(7);
    if (auth === 1 || auth === 2) headers.authorization = `Bearer ${o.token}`;
    if (auth === 3)
      headers.authorization = `Bearer ${flipBits(Buffer.from(o.token), rng).toString('latin1')}`.replace(
        /[\r\n\0]/g,
        '?',
      );
    if (auth === 4)
      headers.authorization = rng.pick([
        'Bearer ',
        'Basic dXNlcjpwYXNz',
        `Bearer ${'x'.repeat(8000)}`,
        headerBytes('Bearer 😀'),
      ]);
    if (auth === 5) headers.authorization = `Bearer ${o.otherToken}`;
    if (auth === 6) headers.authorization = `Bearer v1.${Buffer.from('{"m":1}').toString('base64url')}.AAAA`;
    if (template === '/v1/orders') {
      const key = rng.pick([
        () => undefined,
        () => `fuzz-${rng.int(1e9)}-${rng.int(1e9)}`,
        () => reusedKey,
        () => 'short',
        () => 'k'.repeat(rng.pick([65, 9000])),
        () => headerBytes(rng.pick(UNICODE).repeat(8)),
        () => '../../../../etc/passwd',
        () => ' '.repeat(10),
      ])();
      if (key !== undefined) headers['idempotency-key'] = key;
    }
    let kind = `${method} ${template}`;
    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD' && rng.int(8) !== 0) {
      headers['content-type'] = rng.pick([
        'application/json',
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
      ]);
      const good = goodBodies[template]?.() ?? {};
      // An amount from the client, a forced ordinary order, a product of nobody's.
      if (template === '/v1/orders' && rng.int(3) === 0)
        Object.assign(
          good,
          rng.pick([
            { amount_total: 1 },
            { pay_mode: 'NORMAL' },
            { product_id: 'no-such-product' },
            { pay_mode: 'PASSWORD_FREE' },
          ]),
        );
      const shape = rng.int(8);
      if (shape === 0) {
        setRandomField(good, rng, hostileValue(rng));
        body = Buffer.from(JSON.stringify(good));
      } else if (shape === 1) {
        body = Buffer.from(JSON.stringify(good).slice(0, rng.int(20)));
      } else if (shape === 2) {
        body = Buffer.from(`{"code":1,"code":"x","appid":${JSON.stringify(o.appid)},"appid":[]}`);
      } else if (shape === 3) {
        const depth = rng.pick([100, 5000, 50_000]);
        body = Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`);
      } else if (shape === 4) {
        kind += ' huge';
        body = Buffer.from(
          JSON.stringify({ ...good, pad: 'A'.repeat(rng.pick([ROUTE_LIMIT + 1, 500_000])) }),
        );
      } else if (shape === 5) {
        body = Buffer.from(JSON.stringify(good).replace('}', `,"u":"${rng.pick(UNICODE)}"}`));
      } else if (shape === 6) {
        body = Buffer.from('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}');
      } else {
        body = Buffer.from(JSON.stringify(good));
      }
    }
    return { kind, method, path, headers: wireHeaders(headers), ...(body ? { body } : {}) };
  };
}
