import { request } from 'undici';

/** The outcome of one POST to a notify_url. */
export type PostResult = { status: number } | { error: string };

export type PostFn = (
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<PostResult>;

/** POSTs like WeChat Pay's notifier; a timeout or a connection error is a failed attempt. */
export const httpPost: PostFn = async (url, headers, body, timeoutMs) => {
  try {
    const response = await request(url, {
      method: 'POST',
      headers,
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body.dump();
    return { status: response.statusCode };
  } catch (error) {
    return { error: (error as Error).name === 'TimeoutError' ? 'timeout' : errorCode(error) };
  }
};

function errorCode(error: unknown): string {
  const e = error as { code?: string; cause?: { code?: string }; message?: string };
  return e.code ?? e.cause?.code ?? e.message ?? 'network error';
}
