import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';

export interface ReceivedNotification {
  headers: IncomingHttpHeaders;
  body: string;
  /** Signature valid over the raw bytes with the WeChat Pay public key, serial known, time fresh. */
  verified: boolean;
  answered: number;
  /** Decrypted resource (only for verified deliveries: verify first, then decrypt). */
  plaintext?: Record<string, unknown>;
  envelope: Record<string, unknown>;
}

/**
 * A notify_url on 127.0.0.1 doing what a merchant server must: verify (wechatpay-axios-plugin's Rsa),
 * refuse bad signatures with 401, decrypt (its AesGcm), and answer from a script of status codes
 * (the last one repeats), e.g. [500, 204] = fail the first delivery, accept the retry.
 */
export class NotifyReceiver {
  readonly received: ReceivedNotification[] = [];
  private server?: Server;

  constructor(
    private readonly options: {
      wechatpayKey: KeyObject;
      serial: string;
      apiV3Key: string;
      script?: number[];
    },
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const entry = this.handle(req.headers, body);
        this.received.push(entry);
        res.statusCode = entry.answered;
        if (entry.answered >= 400) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ code: 'FAIL', message: 'rejected' }));
        } else {
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/notify`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Deliveries that passed verification, decrypted. */
  accepted(): ReceivedNotification[] {
    return this.received.filter((r) => r.verified);
  }

  private handle(headers: IncomingHttpHeaders, body: string): ReceivedNotification {
    const envelope = JSON.parse(body) as Record<string, unknown>;
    const verified = this.verify(headers, body);
    if (!verified) return { headers, body, verified, answered: 401, envelope };
    const resource = envelope.resource as Record<string, string>;
    const plaintext = JSON.parse(
      Aes.AesGcm.decrypt(
        resource.ciphertext!,
        Buffer.from(this.options.apiV3Key),
        resource.nonce!,
        resource.associated_data ?? '',
      ),
    ) as Record<string, unknown>;
    const verifiedCount = this.received.filter((r) => r.verified).length;
    const script = this.options.script ?? [204];
    const answered = script[Math.min(verifiedCount, script.length - 1)]!;
    return { headers, body, verified, answered, plaintext, envelope };
  }

  private verify(headers: IncomingHttpHeaders, body: string): boolean {
    const h = (name: string) => headers[name] as string | undefined;
    const [timestamp, nonce, signature] = [
      h('wechatpay-timestamp'),
      h('wechatpay-nonce'),
      h('wechatpay-signature'),
    ];
    if (!timestamp || !nonce || !signature || h('wechatpay-serial') !== this.options.serial) return false;
    if (Math.abs(Formatter.timestamp() - Number(timestamp)) > 300) return false;
    try {
      return Rsa.verify(Formatter.response(timestamp, nonce, body), signature, this.options.wechatpayKey);
    } catch {
      return false;
    }
  }
}
