import Compile from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { PresignMiniProgramRequest, PresignRequest } from '../src/index.js';

const wire = Compile(PresignMiniProgramRequest);
const valid = {
  sp_appid: 'wxd678efh567hg6787',
  sub_mchid: '1900000109',
  sub_appid: 'wxd678efh567hg6787',
  sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  service_id: 12535,
  out_contract_code: 'wxwtdk20200910100000',
  notify_url: 'https://yourapp.com/notify',
  contract_display_account: '微信代扣用户A',
};

describe('PresignMiniProgramRequest', () => {
  it('accepts the documented example', () => {
    expect(wire.Check(valid)).toBe(true);
  });

  it('accepts sp_openid instead of sub_openid', () => {
    const { sub_openid: _, ...rest } = valid;
    expect(wire.Check({ ...rest, sp_openid: 'o-sp' })).toBe(true);
  });

  it('requires one of sp_openid / sub_openid', () => {
    const { sub_openid: _, ...rest } = valid;
    expect(wire.Check(rest)).toBe(false);
  });

  it.each([
    'sp_appid',
    'sub_mchid',
    'sub_appid',
    'service_id',
    'out_contract_code',
    'notify_url',
    'contract_display_account',
  ])('requires %s', (field) => {
    const copy: Record<string, unknown> = { ...valid };
    delete copy[field];
    expect(wire.Check(copy)).toBe(false);
  });

  it.each([
    ['out_contract_code with a dash', { out_contract_code: 'abc-123' }],
    ['out_contract_code of 33 chars', { out_contract_code: 'a'.repeat(33) }],
    ['service_id as a string', { service_id: '12535' }],
    ['service_id fractional', { service_id: 1.5 }],
    ['sp_appid over 32', { sp_appid: 'x'.repeat(33) }],
    ['sub_openid over 128', { sub_openid: 'o'.repeat(129) }],
    ['notify_url over 256', { notify_url: `https://a.example/${'n'.repeat(250)}` }],
    ['display account with an emoji', { contract_display_account: '用户😀' }],
    ['display account over 32', { contract_display_account: '账'.repeat(33) }],
    ['a null field', { sp_openid: null }],
    ['an unknown field', { extra: 'x' }],
  ])('rejects %s', (_name, patch) => {
    expect(wire.Check({ ...valid, ...patch })).toBe(false);
  });

  it('accepts a 32-character CJK display account (no 4-byte UTF-8)', () => {
    expect(wire.Check({ ...valid, contract_display_account: '账'.repeat(32) })).toBe(true);
  });
});

describe('PresignRequest (BFF)', () => {
  const bff = Compile(PresignRequest);
  it('allows only an empty body: the display account is the server’s choice', () => {
    expect(bff.Check({})).toBe(true);
    expect(bff.Check({ contract_display_account: '张三' })).toBe(false);
  });
});
