import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  sub_mchid: string;
  sub_appid: string;
  sub_openid: string;
  /** Issue time, unix seconds. */
  iat: number;
  /** Expiry, unix seconds. */
  exp: number;
}

export const SESSION_TTL_SECONDS = 2 * 60 * 60;
/** How far another instance's clock may run ahead of ours before its tokens are refused. */
export const CLOCK_SKEW_SECONDS = 60;
const VERSION = 'v1';

function mac(secret: Buffer, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/** A lifetime we would issue: positive and at most the session TTL. */
function lifetimeOk(iat: number, exp: number): boolean {
  return (
    Number.isSafeInteger(iat) && Number.isSafeInteger(exp) && exp > iat && exp - iat <= SESSION_TTL_SECONDS
  );
}

/** `v1.<base64url(JSON claims)>.<base64url(HMAC-SHA256(secret, "v1.<claims>"))>` */
export function signSession(claims: SessionClaims, secret: Buffer): string {
  if (!lifetimeOk(claims.iat, claims.exp)) throw new RangeError('session lifetime must be 1 s..SESSION_TTL');
  const body = Buffer.from(
    JSON.stringify({
      m: claims.sub_mchid,
      a: claims.sub_appid,
      o: claims.sub_openid,
      i: claims.iat,
      e: claims.exp,
    }),
  ).toString('base64url');
  const signed = `${VERSION}.${body}`;
  return `${signed}.${mac(secret, signed)}`;
}

/**
 * The claims of a genuine, current token; undefined for anything else. The signature is compared
 * as text in its canonical encoding: decoding first would let several strings stand for one token.
 */
export function verifySession(token: string, secret: Buffer, nowSeconds: number): SessionClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return undefined;
  const [version, body, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac(secret, `${version}.${body}`));
  const given = Buffer.from(signature);
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
    typeof c.i !== 'number' ||
    typeof c.e !== 'number' ||
    !c.m ||
    !c.a ||
    !c.o
  ) {
    return undefined;
  }
  // Capped here too: a token minted with a longer life (an old build, a leaked secret) is refused.
  if (!lifetimeOk(c.i, c.e) || c.e <= nowSeconds || c.i > nowSeconds + CLOCK_SKEW_SECONDS) return undefined;
  return { sub_mchid: c.m, sub_appid: c.a, sub_openid: c.o, iat: c.i, exp: c.e };
}
