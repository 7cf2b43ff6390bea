import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What the scenarios do on the H5 preview, as a user would: by visible text, on Taro's elements. */
export const OPEN = '开通免密支付';

export const openButton = (page: Page) => page.locator('taro-button-core', { hasText: OPEN });

/** The one page message (notice); the page shows at most one at a time. */
export const messages = (page: Page) => page.locator('.notice');

/** Taro's H5 button reflects `disabled` as an attribute: absent = enabled (see the miniapp's lib/flag.ts). */
export async function waitUntilOpenable(page: Page): Promise<void> {
  const button = openButton(page);
  await button.waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => button.getAttribute('disabled'), { timeout: 20_000 }).toBeNull();
}

/** A fresh browser context is a fresh mini program install: a new simulated user, ready to open. */
export async function openMiniProgram(page: Page, previewUrl: string): Promise<void> {
  await page.goto(previewUrl);
  await expect.poll(() => page.getByText('未开通').count(), { timeout: 20_000 }).toBeGreaterThan(0);
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
