import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What the scenarios do on the H5 preview, as a user would: by visible text, on Taro's elements. */
export const OPEN = '开通免密支付';

/** A control as assistive technology sees it: role=button with its accessible name. */
export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

export const openButton = (page: Page) => button(page, OPEN);

/** The one page message (notice); the page shows at most one at a time. */
export const messages = (page: Page) => page.locator('.notice');

/** The mini program's buttons say whether they act in `aria-disabled` (a disabled one ignores taps). */
export async function waitUntilOpenable(page: Page): Promise<void> {
  const open = openButton(page);
  await open.waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => open.getAttribute('aria-disabled'), { timeout: 20_000 }).toBe('false');
}

/** 「解约」 on the status, then 「解约」 in the half-screen dialog (after its opening-tap guard). */
export async function terminateFromHome(page: Page): Promise<void> {
  await button(page, '解约免密支付').click();
  const dialog = page.getByRole('dialog', { name: '解约免密支付' });
  await dialog.waitFor();
  await page.waitForTimeout(350);
  await dialog.getByRole('button', { name: '解约', exact: true }).click();
}

/** A fresh browser context is a fresh mini program install: a new simulated user, ready to open. */
export async function openMiniProgram(page: Page, previewUrl: string): Promise<void> {
  await page.goto(previewUrl);
  await expect
    .poll(() => page.getByText('未开通', { exact: true }).count(), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await waitUntilOpenable(page);
}

export async function tapOpenAndReachSignPage(page: Page): Promise<void> {
  await openButton(page).click();
  await page.waitForURL(/\/sim\/sign\?/, { timeout: 15_000 });
  await page.getByText('同意并开通').or(page.getByText('返回商户')).first().waitFor();
}

export async function backOnPreview(page: Page, previewUrl: string): Promise<void> {
  await page.waitForURL((url) => url.origin === previewUrl, { timeout: 15_000 });
}

/** The pre-sign of the signing page the browser is on (the H5 stand-in for extraData). */
export function preEntrustwebIdOf(page: Page): string {
  const id = new URL(page.url()).searchParams.get('pre_entrustweb_id');
  if (!id) throw new Error(`not on the signing page: ${page.url()}`);
  return id;
}

/** Every navigation of this page to the simulator's signing page, recorded as the browser made it. */
export function recordSignPageVisits(page: Page): string[] {
  const visits: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && new URL(request.url()).pathname === '/sim/sign') {
      visits.push(request.url());
    }
  });
  return visits;
}
