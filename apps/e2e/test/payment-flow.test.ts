import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { allOrders, orderByPrepay, orderEvents, paymentNotifications } from './support/bff-records.js';
import { screenshot } from './support/browser.js';
import {
  buyAndReachPayPage,
  buyButton,
  enterPassword,
  hasPasswordPad,
  recordPayPageVisits,
  waitUntilBuyable,
} from './support/payment.js';
import { backOnPreview, button, openMiniProgram, tapOpenAndReachSignPage } from './support/preview.js';
import { useStack } from './support/suite.js';

const suite = useStack();
let page: Page;

const back = () => backOnPreview(page, suite.stack.previewUrl);

async function newUser(): Promise<void> {
  page = await suite.newPage();
  await openMiniProgram(page, suite.stack.previewUrl);
}

async function signedUser(): Promise<void> {
  await newUser();
  await tapOpenAndReachSignPage(page);
  await page.getByText('同意并开通').click();
  await back();
  await page.getByText('开通成功').waitFor({ timeout: 15_000 });
}

/** Polls the BFF's own record until the order reaches `state`. */
async function orderReaches(prepayId: string, state: string) {
  await expect.poll(() => orderByPrepay(suite.stack, prepayId)?.state, { timeout: 15_000 }).toBe(state);
  return orderByPrepay(suite.stack, prepayId)!;
}

describe('payments in the H5 preview (issue 13)', () => {
  afterEach(async () => {
    await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
  });

  it('(a) sign, then buy password-free: no password pad, PAID, one TRANSACTION.SUCCESS at the BFF', async () => {
    await signedUser();
    const prepayId = await buyAndReachPayPage(page, '免密支付');
    expect(await hasPasswordPad(page)).toBe(false);
    await page.getByTestId('pay').click();
    await back();
    await page.getByText('支付成功').waitFor({ timeout: 15_000 });
    expect(await page.locator('.kit-badge').textContent()).toBe('免密');
    console.log(`password-free paid screenshot: ${await screenshot(page, 'pay-password-free-paid')}`);

    const order = await orderReaches(prepayId, 'PAID');
    expect(order.pay_mode).toBe('PASSWORD_FREE');
    await expect
      .poll(() => paymentNotifications(suite.stack, order.out_trade_no).length, { timeout: 15_000 })
      .toBe(1);
    expect(orderEvents(suite.stack, order.out_trade_no).map((e) => `${e.from_state}→${e.to_state}`)).toEqual([
      'CREATED→PAID',
    ]);
  });

  it('(b) a user without a contract pays with the password pad', async () => {
    await newUser();
    const prepayId = await buyAndReachPayPage(page, '微信支付');
    expect(await hasPasswordPad(page)).toBe(true);
    expect(await page.getByTestId('pay').count()).toBe(0);
    await enterPassword(page);
    // WeChat offers 免密 after an ordinary payment; this user says not now.
    await page.getByTestId('offer-decline').click();
    await back();
    await page.getByText('支付成功').waitFor({ timeout: 15_000 });
    expect(await page.locator('.kit-badge').count()).toBe(0);
    const order = await orderReaches(prepayId, 'PAID');
    expect(order.pay_mode).toBe('NORMAL');
  });

  it('(c) a double tap creates one order and opens the payment page once', async () => {
    await newUser();
    const visits = recordPayPageVisits(page);
    const before = allOrders(suite.stack).length;
    const label = await waitUntilBuyable(page, '微信支付');
    await buyButton(page, label).first().dblclick();
    await page.waitForURL(/\/sim\/pay\?/, { timeout: 15_000 });
    await page.getByTestId('amount').waitFor();
    expect(allOrders(suite.stack).length).toBe(before + 1);
    expect(visits).toHaveLength(1);
  });

  it('(e) a refused password-free payment: the page says so and completes the ordinary one', async () => {
    await signedUser();
    await suite.stack.simControl('/sim/faults', { target: 'password_free_payment', kind: 'refuse' });
    const refusedPrepay = await buyAndReachPayPage(page, '免密支付');
    await page.getByTestId('pay').click();
    await back();
    await page.getByText('免密支付未成功').waitFor({ timeout: 15_000 });
    console.log(`refused screenshot: ${await screenshot(page, 'pay-refused')}`);

    await button(page, '使用微信支付').click();
    await page.waitForURL(/\/sim\/pay\?/, { timeout: 15_000 });
    await page.getByTestId('amount').waitFor();
    expect(await hasPasswordPad(page)).toBe(true);
    const normalPrepay = new URL(page.url()).searchParams.get('prepay_id')!;
    expect(normalPrepay).not.toBe(refusedPrepay);
    await enterPassword(page);
    await back();
    await page.getByText('支付成功').waitFor({ timeout: 15_000 });

    expect((await orderReaches(normalPrepay, 'PAID')).pay_mode).toBe('NORMAL');
    // The BFF closes the refused order before the ordinary one.
    expect((await orderReaches(refusedPrepay, 'CLOSED')).pay_mode).toBe('PASSWORD_FREE');
  });

  it('(f) cancel: 支付未完成, the order can be closed, and a new attempt works', async () => {
    await newUser();
    const cancelled = await buyAndReachPayPage(page, '微信支付');
    await page.getByTestId('cancel').click();
    await back();
    await page.getByText('支付未完成').waitFor({ timeout: 15_000 });
    console.log(`unpaid screenshot: ${await screenshot(page, 'pay-unpaid')}`);
    await button(page, '关闭订单').click();
    await page.getByText('订单已关闭').waitFor({ timeout: 15_000 });
    await orderReaches(cancelled, 'CLOSED');

    const again = await buyAndReachPayPage(page, '微信支付');
    expect(again).not.toBe(cancelled);
    await enterPassword(page);
    await page.getByTestId('offer-decline').click();
    await back();
    await page.getByText('支付成功').waitFor({ timeout: 15_000 });
    await orderReaches(again, 'PAID');
  });
});
