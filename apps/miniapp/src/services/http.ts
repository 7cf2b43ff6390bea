import Taro from '@tarojs/taro';
import { env } from '../env';
import { ApiError, type AppErrorCode } from './api-error';

export type HttpMethod = 'GET' | 'POST';

export interface HttpRequest {
  method: HttpMethod;
  path: string;
  /** POST bodies default to `{}`: Fastify rejects an empty body sent as application/json. */
  body?: object;
  token?: string;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

const TIMEOUT_MS = 10_000;

/** The only caller of Taro.request: maps every failure to one ApiError carrying the BFF's `code`. */
export async function httpRequest<T>(req: HttpRequest): Promise<T> {
  const header: Record<string, string> = { ...req.headers };
  if (req.method === 'POST') header['content-type'] = 'application/json';
  if (req.token) header.authorization = `Bearer ${req.token}`;
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.request({
      url: `${env.bffUrl}${req.path}`,
      method: req.method,
      header,
      timeout: TIMEOUT_MS,
      dataType: 'json',
      ...(req.method === 'POST' ? { data: req.body ?? {} } : {}),
    });
  } catch (err) {
    const message = (err as { errMsg?: string })?.errMsg ?? String(err);
    throw new ApiError('NETWORK_ERROR', 0, message);
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
  throw errorFromResponse(res.statusCode, res.data);
}

function errorFromResponse(status: number, data: unknown): ApiError {
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const message = typeof body.message === 'string' ? body.message : `HTTP ${status}`;
  const requestId = typeof body.request_id === 'string' ? body.request_id : undefined;
  if (typeof body.code === 'string')
    return new ApiError(body.code as AppErrorCode, status, message, requestId);
  const fallback: AppErrorCode = status === 401 ? 'UNAUTHENTICATED' : 'BAD_RESPONSE';
  return new ApiError(fallback, status, message, requestId);
}
