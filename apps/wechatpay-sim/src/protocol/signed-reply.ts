import type { KeyObject } from 'node:crypto';
import { type SignMode, signResponseAs } from '@kit/wechatpay/testing';
import type { FastifyReply } from 'fastify';

export interface ResponseSignerOptions {
  privateKey: KeyObject;
  /** `PUB_KEY_ID_…` — sent as Wechatpay-Serial. */
  serial: string;
  now: () => number;
}

/** Signs responses with the WeChat Pay key, as the real platform does for every APIv3 answer. */
export class ResponseSigner {
  constructor(private readonly options: ResponseSignerOptions) {}

  /** Sends `payload` as the exact JSON bytes that were signed (or damaged by a fault), with a Request-ID. */
  send(reply: FastifyReply, status: number, payload: unknown, mode: SignMode = 'signed'): FastifyReply {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    reply.code(status).header('Request-ID', reply.request.id);
    for (const [name, value] of Object.entries(signResponseAs({ ...this.options, body }, mode)))
      reply.header(name, value);
    if (body === '') return reply.send();
    return reply.header('Content-Type', 'application/json; charset=utf-8').send(body);
  }
}
