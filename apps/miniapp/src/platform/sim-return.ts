import type { ShowOptions } from '../return/types';
import { queryParts, removeParams } from './sim-url';

/**
 * The h5 preview's agreement with the simulator's /sim/sign page: it redirects back to
 * `return_url` adding `scene=1038&referrer_appid=<sign_mp_appid>` and, unless the user went back
 * without finishing, `extra_data=<JSON>` — exactly the pieces of weapp's onShow options.
 */
const SIM_KEYS = ['scene', 'referrer_appid', 'extra_data'];

export function buildSignUrl(simUrl: string, preEntrustwebId: string, returnUrl: string): string {
  const query = new URLSearchParams({ pre_entrustweb_id: preEntrustwebId, return_url: returnUrl });
  return `${simUrl}/sim/sign?${query.toString()}`;
}

/** Turns a simulator return into the same options object weapp's onShow delivers (scene 1038). */
export function parseSimReturn(href: string): ShowOptions | undefined {
  const params = queryParts(href).find((p) => p.get('scene') === '1038' && p.has('referrer_appid'));
  if (!params) return undefined;
  const appId = params.get('referrer_appid') ?? undefined;
  const raw = params.get('extra_data');
  let extraData: unknown;
  try {
    extraData = raw ? JSON.parse(raw) : undefined;
  } catch {
    // A mangled extraData is only a missing hint: the BFF is asked either way.
    extraData = undefined;
  }
  return { scene: 1038, referrerInfo: extraData === undefined ? { appId } : { appId, extraData } };
}

/** The current URL without any earlier simulator parameters: where the simulator sends the user back. */
export function currentReturnUrl(href: string): string {
  return removeParams(href, SIM_KEYS);
}
