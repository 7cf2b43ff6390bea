import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { useStack } from './support/suite.js';

const OPEN = '开通免密支付';
const suite = useStack();
let page: Page;

/** A fresh browser context is a fresh mini program install: a new simulated user. */
async function openMiniProgram(): Promise<Page> {
  page = await suite.newPage();
  await page.goto(suite.stack.previewUrl);
  await expect.poll(() => page.getByText('未开通').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await waitUntilOpenable();
  return page;
}

async function waitUntilOpenable(): Promise<void> {
  const button = openButton();
  await button.waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => button.getAttribute('disabled'), { timeout: 20_000 }).toBeNull();
}

function openButton() {
  return page.locator('taro-button-core', { hasText: OPEN });
}

async function tapOpenAndReachSignPage(): Promise<void> {
  await openButton().click();
  await page.waitForURL(/\/sim\/sign\?/, { timeout: 15_000 });
  await page.getByText('同意并开通').or(page.getByText('返回商户')).first().waitFor();
}

async function backOnPreview(): Promise<void> {
  await page.waitForURL((url) => url.origin === suite.stack.previewUrl, { timeout: 15_000 });
}

describe('signing flow in the H5 preview', () => {
  it('happy path: open, agree, come back confirmed, then terminate', async () => {
    await openMiniProgram();
    await tapOpenAndReachSignPage();
    await page.getByText('同意并开通').click();
    await backOnPreview();
    await page.getByText('开通成功').waitFor({ timeout: 15_000 });
    await page.getByText(/已开通 ·/).waitFor();
    console.log(`happy path screenshot: ${await screenshot(page, 'happy-path-signed')}`);

    const terminate = page.locator('taro-button-core', { hasText: '解约' });
    // Regression: Taro H5 rendered disabled="false", which its [disabled] style matched — the enabled
    // 「解约」 showed faint white text on grey.
    expect(await terminate.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgba(255, 255, 255, 0.6)');
    await terminate.click();
    await page.getByText('解约免密支付').waitFor();
    // Taro's H5 showModal: the confirm button carries this (misspelt) class.
    await page.locator('.taro-model__confirm', { hasText: '解约' }).click();
    await page.getByText(/已解约 ·/).waitFor({ timeout: 15_000 });
    console.log(`terminated screenshot: ${await screenshot(page, 'happy-path-terminated')}`);
  });

  it('cancel at the signing page comes back to a clear "not opened" state', async () => {
    await openMiniProgram();
    await tapOpenAndReachSignPage();
    await page.getByText('取消').click();
    await backOnPreview();
    await page.getByText('未完成开通，可再次点击开通').waitFor({ timeout: 15_000 });
    expect(await page.getByText('未开通').count()).toBeGreaterThan(0);
    expect(await page.getByText('开通成功').count()).toBe(0);
    await waitUntilOpenable();
  });

  it('back without extraData changes nothing and the user can open again', async () => {
    await openMiniProgram();
    await tapOpenAndReachSignPage();
    await page.getByText('‹ 返回').click();
    await backOnPreview();
    await page.getByText('未完成开通，可再次点击开通').waitFor({ timeout: 15_000 });
    expect(await page.getByText('开通成功').count()).toBe(0);
    await waitUntilOpenable();

    // Second attempt in the same session succeeds.
    await tapOpenAndReachSignPage();
    await page.getByText('同意并开通').click();
    await backOnPreview();
    await page.getByText('开通成功').waitFor({ timeout: 15_000 });
  });

  it('a BFF crash and restart in the middle of the flow loses nothing', async () => {
    await openMiniProgram();
    await tapOpenAndReachSignPage();
    await suite.stack.killBff();
    // The user agrees while the BFF is down: the notification fails and WeChat Pay retries it.
    await page.getByText('同意并开通').click();
    await backOnPreview();
    await suite.stack.startBff();
    await page.getByText('开通成功').or(page.getByText('刷新')).first().waitFor({ timeout: 20_000 });
    if ((await page.getByText('开通成功').count()) === 0) await page.getByText('刷新').click();
    await page.getByText(/已开通 ·/).waitFor({ timeout: 20_000 });
  });

  it('the simulator failing the first pre-sign with SYSTEM_ERROR is retried transparently', async () => {
    await suite.stack.simControl('/sim/faults', { target: 'presign', kind: 'system_error', count: 1 });
    await openMiniProgram();
    const faults = (await suite.stack.simControl('/sim/faults')) as { faults?: unknown[] } | unknown[];
    expect(Array.isArray(faults) ? faults : (faults.faults ?? [])).toHaveLength(0);
    await tapOpenAndReachSignPage();
    await page.getByText('同意并开通').click();
    await backOnPreview();
    await page.getByText('开通成功').waitFor({ timeout: 15_000 });
  });
});
