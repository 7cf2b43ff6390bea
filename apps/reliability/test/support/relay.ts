import { createServer, type IncomingMessage, type Server } from 'node:http';
import { pool, request } from './http.js';

/**
 * Stands at the simulator's notify_url and turns every notification into `copies` concurrent
 * byte-identical POSTs spread round-robin over `targets` (as WeChat's duplicate deliveries reach
 * different instances behind a load balancer). Answers the simulator 204 only if every copy got a 2xx.
 */
export class DuplicatingRelay {
  readonly statuses = new Map<number, number>();
  readonly errors: string[] = [];
  /** Copies answered, by the envelope's event_type (plaintext in the envelope) and status. */
  readonly byEvent = new Map<string, number>();
  sent = 0;
  private server: Server | undefined;
  targets: string[] = [];

  constructor(private readonly copies: number) {}

  async start(port: number): Promise<this> {
    this.server = createServer((req, res) => {
      void this.fanOut(req).then(
        (ok) => res.writeHead(ok ? 204 : 500).end(),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return this;
  }

  private async fanOut(req: IncomingMessage): Promise<boolean> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && name.startsWith('wechatpay-')) headers[name] = value;
    }
    headers['content-type'] = 'application/json';
    const results = await pool(this.copies, this.copies, async (i) => {
      const target = this.targets[i % this.targets.length] as string;
      try {
        const res = await request(`${target}/v1/notifications/wechatpay`, { method: 'POST', headers, body });
        return res.status;
      } catch (error) {
        this.errors.push(String(error));
        return 0;
      }
    });
    this.sent += results.length;
    for (const s of results) this.statuses.set(s, (this.statuses.get(s) ?? 0) + 1);
    for (const s of results) {
      const key = `${eventTypeOf(body)}:${s}`;
      this.byEvent.set(key, (this.byEvent.get(key) ?? 0) + 1);
    }
    return results.every((s) => s >= 200 && s < 300);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function eventTypeOf(body: Buffer): string {
  try {
    return String(JSON.parse(body.toString('utf8')).event_type);
  } catch {
    return 'unparsable';
  }
}
