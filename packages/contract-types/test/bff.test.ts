import Compile from 'typebox/compile';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ContractNotificationPayload,
  ContractView,
  ERROR_CODES,
  ErrorBody,
  NotificationEnvelope,
  SessionRequest,
} from '../src/index.js';

describe('BFF shapes', () => {
  it('ErrorBody accepts every stable code and nothing else', () => {
    const check = Compile(ErrorBody);
    for (const code of ERROR_CODES) expect(check.Check({ code, message: 'm', request_id: 'r' })).toBe(true);
    expect(check.Check({ code: 'SOMETHING_ELSE', message: 'm', request_id: 'r' })).toBe(false);
  });

  it('SessionRequest needs code and appid', () => {
    const check = Compile(SessionRequest);
    expect(check.Check({ code: 'c', appid: 'wx1234567890abcdef' })).toBe(true);
    expect(check.Check({ code: '', appid: 'wx1234567890abcdef' })).toBe(false);
    expect(check.Check({ code: 'c' })).toBe(false);
    expect(check.Check({ code: 'c', appid: 'wx1234567890abcdef', openid: 'forged' })).toBe(false);
  });

  it('ContractView restricts state and origin', () => {
    const check = Compile(ContractView);
    const view = {
      out_contract_code: 'abc',
      state: 'SIGNED',
      sub_mchid: '1900000109',
      service_id: 1,
      contract_display_account: 'x',
      origin: 'PAY_REDIRECT',
    };
    expect(check.Check(view)).toBe(true);
    expect(check.Check({ ...view, state: 'DONE' })).toBe(false);
    expect(check.Check({ ...view, origin: 'ELSEWHERE' })).toBe(false);
    const { origin: _origin, ...withoutOrigin } = view;
    expect(check.Check(withoutOrigin)).toBe(false);
  });
});

describe('WeChat Pay notification shapes', () => {
  it('envelope keeps event_type open and requires the resource', () => {
    const check = Compile(NotificationEnvelope);
    const env = {
      id: 'EV-1',
      create_time: '2026-11-28T10:00:00+08:00',
      event_type: 'ANY.EVENT',
      resource_type: 'encrypt-resource',
      summary: 's',
      resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: 'eA==', nonce: 'n', associated_data: '' },
    };
    expect(check.Check(env)).toBe(true);
    expect(check.Check({ ...env, resource: undefined })).toBe(false);
  });

  it('payload requires out_contract_code and tolerates unknown fields', () => {
    const check = Compile(ContractNotificationPayload);
    expect(check.Check({ out_contract_code: 'abc', future_field: 1 })).toBe(true);
    expect(check.Check({ contract_id: 'x' })).toBe(false);
  });
});

describe('static types', () => {
  // Checked by `tsc` (typecheck): a union built from a mapped array once collapsed to `never`.
  it('keeps the literal unions of state and error code', () => {
    expectTypeOf<ContractView['state']>().toEqualTypeOf<'PRESIGNED' | 'SIGNED' | 'TERMINATED' | 'EXPIRED'>();
    expectTypeOf<ErrorBody['code']>().toEqualTypeOf<(typeof ERROR_CODES)[number]>();
    expectTypeOf<ErrorBody['code']>().not.toEqualTypeOf<never>();
  });
});
