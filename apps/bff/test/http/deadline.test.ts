import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.js';
import { notification } from '../helpers/notify.js';

const DEADLINE_MS = 1_000;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function listening(): Promise<{ h: Harness; port: number }> {
  h = await createHarness({
    tweak: (c) => {
      c.deadlines = { requestMs: DEADLINE_MS, headersMs: DEADLINE_MS, checkIntervalMs: 100 };
    },
  });
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const address = h.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return { h, port: address.port };
}

interface Dripped {
  answer: string;
  closedAfterMs: number;
  bytesDripped: number;
}

/** Sends `head` at once, then `tail` one byte every `everyMs`, until the server closes the socket. */
function drip(port: number, head: string, tail: string, everyMs: number): Promise<Dripped> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < tail.length && socket.writable) socket.write(tail[sent++] as string);
    }, everyMs);
    // The test's own bound: a server without a deadline would keep the socket for the whole tail.
    const giveUp = setTimeout(() => socket.destroy(new Error('server kept the socket open')), 10_000);
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      if (!answer && Date.now() - started >= 10_000) reject(new Error('server kept the socket open'));
      else resolve({ answer, closedAfterMs: Date.now() - started, bytesDripped: sent });
    });
    socket.write(head);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [status, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status, headers, json: JSON.parse(body) as Record<string, string> };
}

describe('request deadline', () => {
  it('regression: a notification body dripped one byte at a time kept its socket open for minutes', async () => {
    const { h, port } = await listening();
    const n = notification(h, { out_contract_code: 'c'.repeat(32), contract_state: 'SIGNED' });
    const head = [
      'POST /v1/notifications/wechatpay HTTP/1.1',
      'Host: 127.0.0.1',
      ...Object.entries(n.headers).map(([k, v]) => `${k}: ${v}`),
      `Content-Length: ${Buffer.byteLength(n.body)}`,
      '',
      '',
    ].join('\r\n');
    const res = await drip(port, head, n.body, 300);

    // Cut at the deadline (plus one check interval and scheduling slack), not after the whole body.
    expect(res.closedAfterMs).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(res.closedAfterMs).toBeLessThan(DEADLINE_MS + 1_500);
    expect(res.bytesDripped).toBeLessThan(n.body.length);
    const answer = parse(res.answer);
    expect(answer.status).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.json).toEqual({
      code: 'REQUEST_TIMEOUT',
      message: expect.any(String),
      request_id: expect.any(String),
    });
    // One line for the cut request, naming it by the id the client was given; nothing was processed.
    const lines = h.logs.filter((l) => l.includes(answer.json.request_id as string));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      msg: 'request cut',
      statusCode: 408,
      url: '/v1/notifications/wechatpay',
    });
    expect(h.logs.some((l) => /"level":50/.test(l))).toBe(false);
  });

  it('cuts headers dripped one byte at a time too', async () => {
    const { h, port } = await listening();
    const res = await drip(port, 'GET /healthz HTTP/1.1\r\n', 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 200);
    expect(res.closedAfterMs).toBeLessThan(DEADLINE_MS + 1_500);
    const answer = parse(res.answer);
    expect(answer.status).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer.json.code).toBe('REQUEST_TIMEOUT');
    expect(h.logs.filter((l) => l.includes(answer.json.request_id as string))).toHaveLength(1);
  });

  it('logs a client that leaves mid-body once, as aborted, not as a server failure', async () => {
    const { h, port } = await listening();
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    socket.write('POST /v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n');
    socket.write('Content-Length: 100\r\n\r\n{"code":');
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await vi.waitFor(() => expect(h.logs.some((l) => l.includes('request aborted'))).toBe(true));
    const lines = h.logs.map((l) => JSON.parse(l)).filter((l) => l.url === '/v1/session');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request aborted', level: 30, method: 'POST' });
    expect(h.logs.some((l) => /"level":50/.test(l))).toBe(false);
  });

  it('answers broken HTTP with the error body and one line, not Fastify’s own', async () => {
    const { h, port } = await listening();
    const res = await drip(port, 'NOT HTTP\r\n\r\n', '', 50);
    const answer = parse(res.answer);
    expect(answer.status).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json).toEqual({
      code: 'BAD_REQUEST',
      message: expect.any(String),
      request_id: expect.any(String),
    });
    const lines = h.logs.filter((l) => l.includes(answer.json.request_id as string));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ msg: 'request cut', statusCode: 400 });
  });

  it('answers a request sent in time normally on the same server', async () => {
    const { port } = await listening();
    const res = await drip(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', '', 50);
    expect(res.answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(res.answer).toContain('{"status":"ok"}');
  });
});
