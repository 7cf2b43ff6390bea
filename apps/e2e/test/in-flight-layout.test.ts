import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Box, contentBox } from './support/layout.js';
import { buyButton, enterPassword, waitUntilBuyable } from './support/payment.js';
import { backOnPreview, openButton, openMiniProgram, tapOpenAndReachSignPage } from './support/preview.js';
import { useStack } from './support/suite.js';

const suite = useStack();
const fault = (body: object) => suite.stack.simControl('/sim/faults', body);

/** What must hold still while a request runs: the control, the products' list, what is below. */
interface Layout {
  control: Box;
  list: Box;
  below: Box;
}

async function layout(page: Page, control: ReturnType<Page['locator']>): Promise<Layout> {
  return {
    control: await contentBox(control),
    list: await contentBox(page.locator('.weui-cells', { has: page.locator('.kit-product') })),
    below: await contentBox(page.locator('#kit-message')),
  };
}

/** Same box for the control and the list, and the message area below has not moved. */
function expectStill(during: Layout, before: Layout): void {
  expect(during.control).toEqual(before.control);
  expect(during.list).toEqual(before.list);
  expect(during.below.y).toBe(before.below.y);
}

describe('in-flight states keep the layout still (issue 16)', () => {
  afterEach(async () => {
    await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
  });

  it('regression: layout jump in 正在创建订单… — the busy buy button wrapped to two lines and grew taller', async () => {
    const page = await suite.newPage();
    await openMiniProgram(page, suite.stack.previewUrl);
    const label = await waitUntilBuyable(page, '微信支付');
    const buy = buyButton(page, label).first();
    const before = await layout(page, buy);

    await fault({ target: 'order', kind: 'delay', delay_ms: 4_000 });
    await buy.click();
    await page.getByText('正在创建订单…').waitFor({ timeout: 10_000 });
    const during = await layout(page, buy);
    expect(await buy.getAttribute('aria-busy')).toBe('true');
    expectStill(during, before);
    // Still one line: the label keeps its own height inside the unchanged box.
    const labelBox = await contentBox(buy.locator('.weui-btn__label'));
    expect(labelBox.height).toBeLessThan(40);
  });

  it('the pre-sign fetch: the busy 「开通免密支付」 keeps its box and nothing below moves', async () => {
    await fault({ target: 'presign', kind: 'delay', delay_ms: 5_000 });
    const page = await suite.newPage();
    await page.goto(suite.stack.previewUrl);
    const open = openButton(page);
    await expect.poll(() => open.getAttribute('aria-busy'), { timeout: 20_000 }).toBe('true');
    await waitUntilBuyable(page, '微信支付');
    const during = await layout(page, open);
    // Measured while the pre-sign was still on its way, else this compares the ready state with itself.
    expect(await open.getAttribute('aria-busy')).toBe('true');
    await expect.poll(() => open.getAttribute('aria-disabled'), { timeout: 20_000 }).toBe('false');
    expect(await open.getAttribute('aria-busy')).toBe('false');
    expectStill(during, await layout(page, open));
  });

  it('confirming after the return: 正在确认开通结果… moves neither the button nor the list', async () => {
    const page = await suite.newPage();
    await openMiniProgram(page, suite.stack.previewUrl);
    await waitUntilBuyable(page, '微信支付');
    const before = await layout(page, openButton(page));
    await tapOpenAndReachSignPage(page);
    await fault({ target: 'query', kind: 'delay', delay_ms: 4_000, count: 2 });
    await page.getByText('‹ 返回').click();
    await backOnPreview(page, suite.stack.previewUrl);
    await page.getByText('正在确认开通结果…').waitFor({ timeout: 15_000 });
    // Products are loaded again after the reload; wait for them, not for the confirmation to end.
    await page.locator('.kit-product').first().waitFor({ timeout: 15_000 });
    const during = await layout(page, openButton(page));
    expect(await page.getByText('正在确认开通结果…').count()).toBe(1);
    expectStill(during, before);
  });

  it('confirming a payment: 正在确认支付结果… moves neither the buy button nor the list', async () => {
    const page = await suite.newPage();
    await openMiniProgram(page, suite.stack.previewUrl);
    const label = await waitUntilBuyable(page, '微信支付');
    const before = await layout(page, buyButton(page, label).first());
    await buyButton(page, label).first().click();
    await page.waitForURL(/\/sim\/pay\?/, { timeout: 15_000 });
    await fault({ target: 'transaction_notifications', kind: 'drop' });
    await fault({ target: 'query_order', kind: 'delay', delay_ms: 4_000 });
    await enterPassword(page);
    await page.getByTestId('offer-decline').click();
    await backOnPreview(page, suite.stack.previewUrl);
    await page.getByText('正在确认支付结果…').waitFor({ timeout: 10_000 });
    await page.locator('.kit-product').first().waitFor({ timeout: 15_000 });
    const during = await layout(page, buyButton(page, label).first());
    expect(await page.getByText('正在确认支付结果…').count()).toBe(1);
    expectStill(during, before);
  });
});
