import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { signResponse } from '../../src/testing/index.js';
import { now, platform } from './keys.js';

export interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (hit: Hit, res: ServerResponse) => void;

export interface TestServer {
  url: string;
  hits: Hit[];
  /** Handlers answer hit n with handlers[n] (the last one repeats). */
  handle(...handlers: Handler[]): void;
  /** TCP connections accepted so far, and those still open. */
  connections(): { accepted: number; open: number };
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, random port, recording every request's raw bytes. */
export async function startServer(): Promise<TestServer> {
  const hits: Hit[] = [];
  let handlers: Handler[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hit = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      hits.push(hit);
      const handler = handlers[Math.min(hits.length - 1, handlers.length - 1)];
      if (handler) handler(hit, res);
      else res.writeHead(500).end();
    });
  });
  let accepted = 0;
  const open = new Set<Socket>();
  server.on('connection', (socket) => {
    accepted += 1;
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    handle: (...next) => {
      handlers = next;
    },
    connections: () => ({ accepted, open: open.size }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free: nothing listens there (connect → ECONNREFUSED). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A signed JSON answer, as WeChat Pay gives it. */
export function signed(status: number, json: unknown, extra: Record<string, string> = {}): Handler {
  return (_hit, res) => {
    const body = json === undefined ? '' : JSON.stringify(json);
    const headers = signResponse({ privateKey: platform.privateKey, serial: platform.serial, body, now });
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': 'REQ-OK',
      ...headers,
      ...extra,
    });
    res.end(body);
  };
}

/** An error answer (WeChat Pay signs these too, but clients do not rely on it). */
export function failure(
  status: number,
  code: string,
  message = 'failed',
  requestId = `REQ-${status}`,
): Handler {
  return (_hit, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId });
    res.end(JSON.stringify({ code, message, detail: { field: 'x' } }));
  };
}
