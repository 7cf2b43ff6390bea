import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { overflowing } from './support/a11y.js';
import { checkState, SCHEMES } from './support/gallery.js';
import { buyAndReachPayPage, enterPassword, waitUntilBuyable } from './support/payment.js';
import { backOnPreview, button, openMiniProgram, tapOpenAndReachSignPage } from './support/preview.js';
import { useStack } from './support/suite.js';

const suite = useStack();
const LONG = 180_000;

const back = (page: Page) => backOnPreview(page, suite.stack.previewUrl);
const fault = (body: object) => suite.stack.simControl('/sim/faults', body);

async function signIn(page: Page): Promise<void> {
  await tapOpenAndReachSignPage(page);
  await page.getByText('同意并开通').click();
  await back(page);
  await page.getByText('开通成功').waitFor({ timeout: 15_000 });
}

describe('payment screens: every state drawn, accessible (issues 13, 14, 16)', () => {
  afterEach(async () => {
    await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
  });

  for (const scheme of SCHEMES) {
    it(
      `ordinary payment states pass axe, have 44 px targets and are saved (${scheme})`,
      async () => {
        const page = await suite.newPage({ colorScheme: scheme });
        await openMiniProgram(page, suite.stack.previewUrl);
        await waitUntilBuyable(page, '微信支付');
        await checkState(page, 'products-not-signed', scheme);

        // The order held 4 s at WeChat Pay: 正在创建订单… with the button busy.
        await fault({ target: 'order', kind: 'delay', delay_ms: 4_000 });
        await page
          .getByRole('button', { name: /^微信支付 ¥/ })
          .first()
          .click();
        await page.getByText('正在创建订单…').waitFor({ timeout: 10_000 });
        await checkState(page, 'pay-creating', scheme);
        await page.waitForURL(/\/sim\/pay\?/, { timeout: 15_000 });
        await page.getByTestId('amount').waitFor();

        // No notification and a slow query: 正在确认支付结果… is drawn, then 支付成功.
        await fault({ target: 'transaction_notifications', kind: 'drop' });
        await fault({ target: 'query_order', kind: 'delay', delay_ms: 4_000 });
        await enterPassword(page);
        await page.getByTestId('offer-decline').click();
        await back(page);
        await page.getByText('正在确认支付结果…').waitFor({ timeout: 10_000 });
        await checkState(page, 'pay-confirming', scheme);
        await page.getByText('支付成功').waitFor({ timeout: 20_000 });
        await checkState(page, 'pay-paid', scheme);

        await buyAndReachPayPage(page, '微信支付');
        await page.getByTestId('cancel').click();
        await back(page);
        await page.getByText('支付未完成').waitFor({ timeout: 15_000 });
        await checkState(page, 'pay-unpaid', scheme);
        await button(page, '关闭订单').click();
        await page.getByText('订单已关闭').waitFor({ timeout: 15_000 });
        await checkState(page, 'pay-closed', scheme);
      },
      LONG,
    );

    it(
      `password-free, refused and sign-after-pay states pass axe and are saved (${scheme})`,
      async () => {
        const page = await suite.newPage({ colorScheme: scheme });
        await openMiniProgram(page, suite.stack.previewUrl);
        await buyAndReachPayPage(page, '微信支付');
        await enterPassword(page);
        await page.getByTestId('offer-accept').click();
        await back(page);
        await page.getByText('已开通免密支付，下次购买无需输入密码').waitFor({ timeout: 15_000 });
        await checkState(page, 'pay-signed-after-pay', scheme);

        await buyAndReachPayPage(page, '免密支付');
        await page.getByTestId('pay').click();
        await back(page);
        await page.locator('.kit-badge', { hasText: '免密' }).waitFor({ timeout: 15_000 });
        await checkState(page, 'pay-password-free-paid', scheme);

        await fault({ target: 'password_free_payment', kind: 'refuse' });
        await buyAndReachPayPage(page, '免密支付');
        await page.getByTestId('pay').click();
        await back(page);
        await page.getByText('免密支付未成功').waitFor({ timeout: 15_000 });
        await checkState(page, 'pay-refused', scheme);
      },
      LONG,
    );
  }

  for (const scheme of SCHEMES) {
    it(
      `确认中 with 刷新 when the BFF cannot learn the outcome; 刷新 settles it once it can (${scheme})`,
      async () => {
        const page = await suite.newPage({ colorScheme: scheme });
        await openMiniProgram(page, suite.stack.previewUrl);
        await signIn(page);
        await buyAndReachPayPage(page, '免密支付');
        await fault({ target: 'transaction_notifications', kind: 'drop' });
        await fault({ target: 'query_order', kind: 'system_error', count: 50 });
        await page.getByTestId('pay').click();
        await back(page);
        await page.getByRole('button', { name: '刷新' }).waitFor({ timeout: 30_000 });
        await checkState(page, 'pay-pending', scheme);
        await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
        // The BFF asks WeChat Pay at most every few seconds per order: 刷新 until it has asked.
        const refresh = page.getByRole('button', { name: '刷新' });
        await expect
          .poll(
            async () => {
              if ((await refresh.count()) > 0 && (await refresh.getAttribute('aria-busy')) === 'false') {
                await refresh.click();
              }
              return page.getByText('支付成功').count();
            },
            { timeout: 30_000, interval: 2_000 },
          )
          .toBe(1);
      },
      LONG,
    );
  }

  it('200 % zoom on a 360 px screen: the products and a payment result neither overflow nor clip', async () => {
    const page = await suite.newPage({ viewport: { width: 180, height: 400 } });
    await openMiniProgram(page, suite.stack.previewUrl);
    await waitUntilBuyable(page, '微信支付');
    expect(await overflowing(page)).toEqual({ page: false, elements: [] });
    await buyAndReachPayPage(page, '微信支付');
    await page.getByTestId('cancel').click();
    await back(page);
    await page.getByText('支付未完成').waitFor({ timeout: 15_000 });
    expect(await overflowing(page)).toEqual({ page: false, elements: [] });
  });
});
