import type { SessionResponse } from '@kit/contract-types/types';
import { clock } from '../lib/clock';
import { storage } from '../lib/storage';
import { getLoginCode, getOwnAppId } from '../platform/identity';
import { ApiError, isApiError } from './api-error';
import { type HttpRequest, httpRequest } from './http';

export const SESSION_KEY = 'kit.session';
/** A token this close to expiry is renewed before use rather than failing mid-flow. */
const RENEW_BEFORE_MS = 60_000;

let inflight: Promise<string> | undefined;

/** Taro.login → POST /v1/session; the token is kept in storage. */
async function login(): Promise<string> {
  const code = await getLoginCode();
  const session = await httpRequest<SessionResponse>({
    method: 'POST',
    path: '/v1/session',
    body: { code, appid: getOwnAppId() },
  });
  storage.set(SESSION_KEY, session);
  return session.token;
}

function storedToken(): string | undefined {
  const session = storage.get<SessionResponse>(SESSION_KEY);
  if (!session?.token) return undefined;
  if (Date.parse(session.expires_at) - clock.now() < RENEW_BEFORE_MS) return undefined;
  return session.token;
}

/** A usable token; concurrent callers share one login. */
export function ensureSession(): Promise<string> {
  const token = storedToken();
  if (token) return Promise.resolve(token);
  inflight ??= login().finally(() => {
    inflight = undefined;
  });
  return inflight;
}

export function clearSession(): void {
  storage.remove(SESSION_KEY);
}

const isUnauthorized = (err: unknown): boolean => isApiError(err) && err.status === 401;

/** Bearer request with one silent re-login on 401; a second 401 is a clear UNAUTHENTICATED. */
export async function authedRequest<T>(req: Omit<HttpRequest, 'token'>): Promise<T> {
  const token = await ensureSession();
  try {
    return await httpRequest<T>({ ...req, token });
  } catch (err) {
    if (!isUnauthorized(err)) throw err;
  }
  clearSession();
  const fresh = await ensureSession();
  try {
    return await httpRequest<T>({ ...req, token: fresh });
  } catch (err) {
    if (!isUnauthorized(err)) throw err;
    clearSession();
    throw new ApiError('UNAUTHENTICATED', 401, (err as ApiError).message, (err as ApiError).requestId);
  }
}
