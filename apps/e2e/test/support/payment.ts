import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What the payment scenarios do on the H5 preview and on the simulator's payment page. */

/** A product's buy button by its visible label (「免密支付 ¥12.00」 / 「微信支付 ¥12.00」). */
export const buyButton = (page: Page, label: string) =>
  page.getByRole('button', { name: new RegExp(`^${label}`) });

/** The first product's buy button once it is enabled; returns its label (mode + price). */
export async function waitUntilBuyable(page: Page, mode: '免密支付' | '微信支付'): Promise<string> {
  const buy = buyButton(page, `${mode} ¥`).first();
  await buy.waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => buy.getAttribute('aria-disabled'), { timeout: 20_000 }).toBe('false');
  return ((await buy.locator('.weui-btn__label').textContent()) ?? '').trim();
}

/** Tap the first product, then wait for the simulator's payment page (the pay sheet's stand-in). */
export async function buyAndReachPayPage(page: Page, mode: '免密支付' | '微信支付'): Promise<string> {
  const label = await waitUntilBuyable(page, mode);
  await buyButton(page, label).first().click();
  await page.waitForURL(/\/sim\/pay\?/, { timeout: 15_000 });
  await page.getByTestId('amount').waitFor();
  return prepayIdOf(page);
}

export function prepayIdOf(page: Page): string {
  const id = new URL(page.url()).searchParams.get('prepay_id');
  if (!id) throw new Error(`not on the payment page: ${page.url()}`);
  return id;
}

/** Whether the simulator's page shows the 6-digit password pad (an ordinary payment). */
export const hasPasswordPad = async (page: Page): Promise<boolean> =>
  (await page.getByTestId('key-0').count()) > 0;

/** Six digits on the pad: the page pays on the sixth. */
export async function enterPassword(page: Page): Promise<void> {
  for (const digit of '135790') await page.getByTestId(`key-${digit}`).click();
}

/** Every navigation of this page to the simulator's payment page, recorded as the browser made it. */
export function recordPayPageVisits(page: Page): string[] {
  const visits: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && new URL(request.url()).pathname === '/sim/pay')
      visits.push(request.url());
  });
  return visits;
}
