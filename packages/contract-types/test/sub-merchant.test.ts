import Compile from 'typebox/compile';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SubMerchantEntry, SubMerchantList } from '../src/index.js';

const entry: SubMerchantEntry = {
  sub_mchid: '1900000109',
  sub_appid: 'wx1234567890abcdef',
  sub_app_secret: '0123456789abcdef0123456789abcdef',
  service_id: 12535,
  contract_display_account: '一号店会员',
};

describe('SubMerchantEntry', () => {
  const check = Compile(SubMerchantEntry);

  it('accepts an entry with the five fields', () => {
    expect(check.Check(entry)).toBe(true);
  });

  it.each([
    ['sub_mchid empty', { sub_mchid: '' }],
    ['sub_mchid over 32', { sub_mchid: '1'.repeat(33) }],
    ['sub_appid with a dash', { sub_appid: 'wx-1' }],
    ['sub_appid over 32', { sub_appid: `wx${'a'.repeat(31)}` }],
    ['sub_app_secret empty', { sub_app_secret: '' }],
    ['service_id 0', { service_id: 0 }],
    ['service_id not an integer', { service_id: 1.5 }],
    ['service_id as a string', { service_id: '12535' }],
    ['contract_display_account with an emoji', { contract_display_account: '会员😀' }],
    ['contract_display_account over 32', { contract_display_account: 'a'.repeat(33) }],
    ['an unknown field', { name: '一号店' }],
  ])('refuses %s', (_, change) => {
    expect(check.Check({ ...entry, ...change })).toBe(false);
  });

  it('accepts a products catalog of CatalogProduct entries', () => {
    const products = [{ product_id: 'coffee', description: '美式咖啡', amount_total: 1200 }];
    expect(check.Check({ ...entry, products })).toBe(true);
    expect(check.Check({ ...entry, products: [] })).toBe(true);
  });

  it.each([
    ['amount_total 0', { amount_total: 0 }],
    ['amount_total not an integer', { amount_total: 1.5 }],
    ['description over 127', { description: 'a'.repeat(128) }],
    ['an unknown product field', { price: 1 }],
  ])('refuses a product with %s', (_, change) => {
    const product = { product_id: 'coffee', description: '美式咖啡', amount_total: 1200, ...change };
    expect(check.Check({ ...entry, products: [product] })).toBe(false);
  });

  it('refuses an entry missing a field', () => {
    for (const field of Object.keys(entry)) {
      const { [field as keyof SubMerchantEntry]: _, ...partial } = entry;
      expect(check.Check(partial)).toBe(false);
    }
  });
});

describe('SubMerchantList', () => {
  it('is a non-empty array of entries', () => {
    const check = Compile(SubMerchantList);
    expect(check.Check([entry, { ...entry, sub_appid: 'wx2' }])).toBe(true);
    expect(check.Check([])).toBe(false);
    expect(check.Check([{ ...entry, service_id: -1 }])).toBe(false);
    expectTypeOf<SubMerchantList[number]>().toEqualTypeOf<SubMerchantEntry>();
  });
});
