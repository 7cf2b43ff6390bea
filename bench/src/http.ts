import { type Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One request over a keep-alive agent; `agent` may bind a local (source) address. */
export function send(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string; agent?: Agent },
): Promise<HttpAnswer> {
  return new Promise((ok, fail) => {
    const req = request(url, { method: init.method, headers: init.headers, agent: init.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(init.body);
  });
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function pool<T>(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<T>,
): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return out;
}
