import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContractView, PresignResponse } from '@kit/contract-types/types';

/** A recorded request to the fake BFF. */
export interface BffCall {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: unknown;
}

export interface BffReply {
  status: number;
  body?: unknown;
}

type Handler = (call: BffCall) => BffReply | Promise<BffReply>;

export const HOUR = 3_600_000;

/** A BFF stand-in on 127.0.0.1:<random port>; each test scripts the routes it needs. */
export class FakeBff {
  readonly calls: BffCall[] = [];
  private readonly routes = new Map<string, Handler>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  reset(): void {
    this.calls.length = 0;
    this.routes.clear();
    // Every page load asks for the catalog; a test about something else needs no products.
    this.on('GET /v1/products', { status: 200, body: { products: [] } });
  }

  on(route: string, handler: Handler | BffReply): this {
    this.routes.set(route, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  /** Replies in order; the last one repeats. */
  sequence(route: string, replies: BffReply[]): this {
    let i = 0;
    return this.on(route, () => replies[Math.min(i++, replies.length - 1)]!);
  }

  callsTo(route: string): BffCall[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }

  private async handle(req: IncomingMessage): Promise<BffReply> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const call: BffCall = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      authorization: req.headers.authorization,
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      body: raw ? JSON.parse(raw) : undefined,
    };
    this.calls.push(call);
    const handler = this.routes.get(`${call.method} ${call.path}`);
    if (!handler)
      return { status: 404, body: { code: 'NOT_FOUND', message: 'no route', request_id: 'req-404' } };
    return handler(call);
  }
}

export const errorReply = (status: number, code: string): BffReply => ({
  status,
  body: { code, message: `${code} from fake BFF`, request_id: `req-${code}` },
});

export function session(token: string, now: number): BffReply {
  return { status: 200, body: { token, expires_at: new Date(now + 2 * HOUR).toISOString() } };
}

export function presign(id: string, expiresAt: number): PresignResponse {
  return {
    out_contract_code: `occ${id}`,
    pre_entrustweb_id: `pre-${id}`,
    sign_mp_appid: 'wxbd687630cd02ce1d',
    sign_mp_path: 'pages/index/index',
    expires_at: new Date(expiresAt).toISOString(),
  };
}

export function contract(
  code: string,
  state: ContractView['state'],
  extra: Partial<ContractView> = {},
): ContractView {
  return {
    out_contract_code: code,
    state,
    sub_mchid: '1900000109',
    service_id: 12345,
    contract_display_account: '测试账户',
    origin: 'MINI_PROGRAM',
    ...extra,
  };
}

/** One server per test file, started by setup.ts. */
export const bff = new FakeBff();
