import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { contractState, orderByPrepay } from './support/bff-records.js';
import { screenshot } from './support/browser.js';
import { buyAndReachPayPage, enterPassword, hasPasswordPad } from './support/payment.js';
import { backOnPreview, openMiniProgram, tapOpenAndReachSignPage } from './support/preview.js';
import { useStack } from './support/suite.js';

const suite = useStack();
let page: Page;

const back = () => backOnPreview(page, suite.stack.previewUrl);
const SIGNED_NOTE = '已开通免密支付，下次购买无需输入密码';

async function newUser(): Promise<void> {
  page = await suite.newPage();
  await openMiniProgram(page, suite.stack.previewUrl);
}

describe('sign after pay in the H5 preview (issue 14)', () => {
  afterEach(async () => {
    await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
  });

  it('a new user pays with the pad, accepts 免密, sees 已开通, and the next purchase has no pad', async () => {
    await newUser();
    await buyAndReachPayPage(page, '微信支付');
    expect(await hasPasswordPad(page)).toBe(true);
    await enterPassword(page);
    await page.getByTestId('offer-accept').click();
    await back();
    await page.getByText(SIGNED_NOTE).waitFor({ timeout: 15_000 });
    await page.getByText('已开通', { exact: true }).waitFor();
    console.log(`sign-after-pay screenshot: ${await screenshot(page, 'pay-signed-after-pay')}`);

    await buyAndReachPayPage(page, '免密支付');
    expect(await hasPasswordPad(page)).toBe(false);
    await page.getByTestId('pay').click();
    await back();
    await page.getByText('支付成功').waitFor({ timeout: 15_000 });
    expect(await page.locator('.kit-badge').textContent()).toBe('免密');
  });

  it('declining leaves no contract, and 「开通免密支付」 from the home page still works', async () => {
    await newUser();
    const prepayId = await buyAndReachPayPage(page, '微信支付');
    await enterPassword(page);
    await page.getByTestId('offer-decline').click();
    await back();
    await page.getByText('支付成功').waitFor({ timeout: 15_000 });
    // The page re-read the contract: still none.
    await page.waitForTimeout(1_500);
    expect(await page.getByText(SIGNED_NOTE).count()).toBe(0);
    expect(await page.getByText('未开通', { exact: true }).count()).toBe(1);
    const order = orderByPrepay(suite.stack, prepayId)!;
    expect(order.sign_after_pay).toBe(1);
    expect(contractState(suite.stack, order.sign_contract_code!)).not.toBe('SIGNED');

    await tapOpenAndReachSignPage(page);
    await page.getByText('同意并开通').click();
    await back();
    await page.getByText('开通成功').waitFor({ timeout: 15_000 });
    await page.getByText('已开通', { exact: true }).waitFor();
  });

  it('pay-redirect-sign failing still lets the user pay (no 免密 offer, no error)', async () => {
    await suite.stack.simControl('/sim/faults', {
      target: 'pay_redirect_sign',
      kind: 'system_error',
      count: 5,
    });
    await newUser();
    const prepayId = await buyAndReachPayPage(page, '微信支付');
    await enterPassword(page);
    await back();
    await page.getByText('支付成功').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('offer-accept').count()).toBe(0);
    const order = orderByPrepay(suite.stack, prepayId)!;
    expect(order.state).toBe('PAID');
    expect(order.sign_after_pay).toBe(0);
  });
});
