import { createHash } from 'node:crypto';

/**
 * The openid the simulated jscode2session gives for (appid, code): deterministic, so a code stands
 * for a user and tests can predict whom the BFF will see. 28 characters, like a real openid.
 */
export function openidFor(appid: string, code: string): string {
  return `o${createHash('sha256').update(`openid:${appid}:${code}`).digest('base64url').slice(0, 27)}`;
}
