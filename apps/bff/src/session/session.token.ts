import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  sub_mchid: string;
  sub_appid: string;
  sub_openid: string;
  /** Expiry, unix seconds. */
  exp: number;
}

export const SESSION_TTL_SECONDS = 2 * 60 * 60;
const VERSION = 'v1';

function mac(secret: Buffer, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** `v1.<base64url(JSON claims)>.<base64url(HMAC-SHA256(secret, "v1.<claims>"))>` */
export function signSession(claims: SessionClaims, secret: Buffer): string {
  const body = Buffer.from(
    JSON.stringify({ m: claims.sub_mchid, a: claims.sub_appid, o: claims.sub_openid, e: claims.exp }),
  ).toString('base64url');
  const signed = `${VERSION}.${body}`;
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
}

/** The claims of a genuine, unexpired token; undefined for anything else. */
export function verifySession(token: string, secret: Buffer, nowSeconds: number): SessionClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return undefined;
  const [version, body, signature] = parts as [string, string, string];
  const expected = mac(secret, `${version}.${body}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const c = raw as Record<string, unknown>;
  if (
    typeof c.m !== 'string' ||
    typeof c.a !== 'string' ||
    typeof c.o !== 'string' ||
    typeof c.e !== 'number' ||
    !c.m ||
    !c.a ||
    !c.o
  ) {
    return undefined;
  }
  if (c.e <= nowSeconds) return undefined;
  return { sub_mchid: c.m, sub_appid: c.a, sub_openid: c.o, exp: c.e };
}
