import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

type Injected = Awaited<ReturnType<Harness['app']['inject']>>;

/** The error body, the baseline headers, no trace of `echo` in the answer, one log line: its fields. */
function refused(res: Injected, status: number, code: string, echo: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json();
  expect(body).toEqual({ code, message: expect.any(String), request_id: expect.any(String) });
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.body).not.toContain(echo);
  const lines = h.logs.map((l) => JSON.parse(l)).filter((l) => l.reqId === body.request_id);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ statusCode: status });
  return lines[0] as Record<string, unknown>;
}

describe('errors Fastify raises itself', () => {
  it('regression: GET /v1/contracts/%zz answered FST_ERR_BAD_URL echoing the input, without request_id or log line', async () => {
    const token = await h.login('u-bad-url');
    const res = await h.app.inject({ url: '/v1/contracts/%zzsecret', headers: bearer(token) });
    refused(res, 400, 'BAD_REQUEST', 'zzsecret');
    expect(res.body).not.toContain('FST_ERR');
  });

  it('regression: an over-long :out_contract_code answered FST_ERR_MAX_PARAM_LENGTH echoing the input', async () => {
    const token = await h.login('u-long');
    const long = 'a1'.repeat(120);
    const res = await h.app.inject({
      url: `/v1/contracts/${long}/terminate`,
      method: 'POST',
      headers: bearer(token),
    });
    refused(res, 414, 'BAD_REQUEST', long);
    expect(res.body).not.toContain('FST_ERR');
  });

  it('refuses an unsupported media type with 415 BAD_REQUEST, not quoting the type', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { 'content-type': 'application/x-secret-type' },
      payload: '<code/>',
    });
    refused(res, 415, 'BAD_REQUEST', 'x-secret-type');
  });

  it('refuses malformed JSON with 400 VALIDATION_FAILED, not quoting the parser’s view of the body', async () => {
    for (const url of ['/v1/session', '/v1/contracts/pre-sign']) {
      const token = await h.login(`u-json-${url.length}`);
      const res = await h.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', ...bearer(token) },
        payload: '{"code": secretvalue',
      });
      refused(res, 400, 'VALIDATION_FAILED', 'secretvalue');
    }
  });

  it('refuses a body too large with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      payload: { code: 'x'.repeat(40_000), appid: 'secretappid' },
    });
    refused(res, 413, 'PAYLOAD_TOO_LARGE', 'xxxxxxxx');
  });

  it('answers an unknown route with 404 NOT_FOUND, not quoting the path or the query', async () => {
    const res = await h.app.inject({ url: '/v1/nope-secretpath?q=secretquery' });
    const line = refused(res, 404, 'NOT_FOUND', 'secret');
    expect(line.url).toBe('/v1/nope-secretpath');
  });

  it('answers a validation failure and a missing session with the error body and one line each', async () => {
    const invalid = await h.app.inject({ method: 'POST', url: '/v1/session', payload: { code: 'c' } });
    refused(invalid, 400, 'VALIDATION_FAILED', '"c"');
    const anonymous = await h.app.inject({ url: '/v1/contracts/current' });
    refused(anonymous, 401, 'UNAUTHENTICATED', 'current');
  });
});

describe('unexpected failures', () => {
  it('log one error line with the cause and answer 500 INTERNAL_ERROR without it', async () => {
    await h.close();
    h = await createHarness({
      rawDatabase: { engine: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' },
    });
    const token = await h.login('u-500');
    const res = await h.app.inject({ url: '/v1/contracts/current', headers: bearer(token) });
    const line = refused(res, 500, 'INTERNAL_ERROR', 'ECONNREFUSED');
    expect(line.level).toBe(50);
    expect(JSON.stringify(line.err)).toContain('ECONNREFUSED');
  });
});
