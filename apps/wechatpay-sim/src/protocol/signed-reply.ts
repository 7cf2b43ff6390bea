import type { KeyObject } from 'node:crypto';
import { signResponse } from '@kit/wechatpay/testing';
import type { FastifyReply } from 'fastify';

/** How a response leaves: signed (normal), or damaged on purpose by a fault. */
export type SignMode = 'signed' | 'unsigned' | 'bad_signature';

export interface ResponseSignerOptions {
  privateKey: KeyObject;
  /** `PUB_KEY_ID_…` — sent as Wechatpay-Serial. */
  serial: string;
  now: () => number;
}

/** Signs responses with the WeChat Pay key, as the real platform does for every APIv3 answer. */
export class ResponseSigner {
  constructor(private readonly options: ResponseSignerOptions) {}

  headers(body: string, mode: SignMode): Record<string, string> {
    if (mode === 'unsigned') return {};
    // A bad signature is a real signature over other bytes: well-formed, verifiably wrong.
    const signed = mode === 'bad_signature' ? `${body} ` : body;
    const { privateKey, serial, now } = this.options;
    return signResponse({ privateKey, serial, body: signed, now });
  }

  /** Sends `payload` as the exact JSON bytes that were signed, with a Request-ID. */
  send(reply: FastifyReply, status: number, payload: unknown, mode: SignMode = 'signed'): FastifyReply {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    reply.code(status).header('Request-ID', reply.request.id);
    for (const [name, value] of Object.entries(this.headers(body, mode))) reply.header(name, value);
    if (body === '') return reply.send();
    return reply.header('Content-Type', 'application/json; charset=utf-8').send(body);
  }
}
