import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { overflowing, tabTo } from './support/a11y.js';
import { checkState, SCHEMES } from './support/gallery.js';
import {
  backOnPreview,
  button,
  OPEN,
  openButton,
  openMiniProgram,
  tapOpenAndReachSignPage,
} from './support/preview.js';
import { useStack } from './support/suite.js';

const suite = useStack();
const back = (page: Page) => backOnPreview(page, suite.stack.previewUrl);

describe('signing screens: every state drawn, accessible (issue 16)', () => {
  afterEach(async () => {
    await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
  });

  for (const scheme of SCHEMES) {
    it(`every signing state passes axe, has 44 px targets and is saved (${scheme})`, async () => {
      // Login held 3 s: the first frame, status still being asked.
      await suite.stack.simControl('/sim/faults', {
        target: 'jscode2session',
        kind: 'delay',
        delay_ms: 3_000,
      });
      const page = await suite.newPage({ colorScheme: scheme });
      await page.goto(suite.stack.previewUrl);
      await page.getByText('正在查询…').waitFor({ timeout: 20_000 });
      await checkState(page, 'loading', scheme);

      await page.getByText('未开通').waitFor({ timeout: 20_000 });
      await expect
        .poll(() => openButton(page).getAttribute('aria-disabled'), { timeout: 20_000 })
        .toBe('false');
      await checkState(page, 'not-signed', scheme);

      // Back without finishing while every query takes 4 s: the confirmation is drawn in progress.
      await tapOpenAndReachSignPage(page);
      await suite.stack.simControl('/sim/faults', {
        target: 'query',
        kind: 'delay',
        delay_ms: 4_000,
        count: 2,
      });
      await page.getByText('‹ 返回').click();
      await back(page);
      await page.getByText('正在确认开通结果…').waitFor({ timeout: 15_000 });
      await checkState(page, 'confirming', scheme);
      await page.getByText('未完成开通').waitFor({ timeout: 20_000 });
      await checkState(page, 'not-completed', scheme);

      await tapOpenAndReachSignPage(page);
      await page.getByText('同意并开通').click();
      await back(page);
      await page.getByText('开通成功').waitFor({ timeout: 15_000 });
      await page.getByText('已开通', { exact: true }).waitFor();
      await checkState(page, 'signed', scheme);

      await button(page, '解约免密支付').click();
      await page.getByRole('dialog', { name: '解约免密支付' }).waitFor();
      await checkState(page, 'terminate-dialog', scheme);
      await page.waitForTimeout(350);
      await page.getByRole('dialog').getByRole('button', { name: '解约', exact: true }).click();
      await page.locator('.weui-cell__title', { hasText: '已解约' }).waitFor({ timeout: 15_000 });
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await checkState(page, 'terminated', scheme);
    });

    it(`errors are alerts with 重试, and pass axe (${scheme})`, async () => {
      await suite.stack.simControl('/sim/faults', {
        target: 'jscode2session',
        kind: 'system_error',
        count: 20,
      });
      const page = await suite.newPage({ colorScheme: scheme });
      await page.goto(suite.stack.previewUrl);
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 20_000 });
      expect(await alert.textContent()).toContain('微信支付暂时不可用');
      await checkState(page, 'error-retry', scheme);
    });
  }

  it('regression: nothing is reachable by keyboard — Tab reaches each control, Enter and Space act', async () => {
    const page = await suite.newPage();
    await openMiniProgram(page, suite.stack.previewUrl);
    expect(await tabTo(page, OPEN)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/sim\/sign\?/, { timeout: 15_000 });
    await page.getByText('同意并开通').click();
    await back(page);
    await page.getByText('开通成功').waitFor({ timeout: 15_000 });
    await page.locator('body').focus();
    expect(await tabTo(page, '解约')).toBe(true);
    await page.keyboard.press(' ');
    const dialog = page.getByRole('dialog', { name: '解约免密支付' });
    await dialog.waitFor();
    // Focus moves into the dialog, on the safe choice; Escape puts it away.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('再想想');
    await page.waitForTimeout(350);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('regression: a disabled control still acted — it ignores taps and says aria-disabled', async () => {
    await suite.stack.simControl('/sim/faults', {
      target: 'jscode2session',
      kind: 'system_error',
      count: 20,
    });
    const page = await suite.newPage();
    await page.goto(suite.stack.previewUrl);
    await page.getByRole('alert').waitFor({ timeout: 20_000 });
    const open = openButton(page);
    expect(await open.getAttribute('aria-disabled')).toBe('true');
    await open.click({ force: true });
    await open.focus();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    expect(new URL(page.url()).origin).toBe(suite.stack.previewUrl);
  });

  it('regression: destructive confirm in green — 「解约」 in the dialog is WeUI warn red', async () => {
    const page = await suite.newPage();
    await signIn(page);
    await button(page, '解约免密支付').click();
    const confirm = page.getByRole('dialog').getByRole('button', { name: '解约', exact: true });
    const bg = await confirm.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(200, 64, 64)');
  });

  it('regression: a double tap on 解约 opened and at once cancelled the dialog', async () => {
    const page = await suite.newPage();
    await signIn(page);
    const terminate = button(page, '解约免密支付');
    const box = await terminate.boundingBox();
    if (!box) throw new Error('no 解约 on screen');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { clickCount: 1 });
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { clickCount: 2 });
    await page.waitForTimeout(400);
    expect(await page.getByRole('dialog', { name: '解约免密支付' }).count()).toBe(1);
  });

  it('regression: late layout — the status arriving does not move 「开通免密支付」', async () => {
    await suite.stack.simControl('/sim/faults', { target: 'jscode2session', kind: 'delay', delay_ms: 2_000 });
    const page = await suite.newPage();
    await page.goto(suite.stack.previewUrl);
    await openButton(page).waitFor({ timeout: 20_000 });
    const before = await openButton(page).boundingBox();
    await page.getByText('未开通').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => openButton(page).getAttribute('aria-disabled'), { timeout: 20_000 })
      .toBe('false');
    const after = await openButton(page).boundingBox();
    expect(after?.y).toBe(before?.y);
  });

  it('regression: copy — 开通 once, the intro after opening, the WeChat path, merchant and 扣款账户 named', async () => {
    const page = await suite.newPage();
    await openMiniProgram(page, suite.stack.previewUrl);
    const text = async () => (await page.locator('body').textContent()) ?? '';
    expect(await text()).toContain('示例便利店');
    expect(await text()).toContain('扣款账户');
    expect(await text()).toContain('微信「我 → 服务 → 钱包 → 支付设置」');
    await signIn(page, false);
    const statusRow = await page.locator('.weui-cell', { hasText: '已开通' }).textContent();
    expect(statusRow).toContain('已开通');
    expect(statusRow?.match(/开通/g)).toHaveLength(1);
    const signed = await text();
    expect(signed).not.toContain('开通后');
    expect(signed).not.toContain('服务-钱包-支付设置');
  });

  it('regression: user-scalable=no and no landmarks — zoom allowed, main and banner present', async () => {
    const page = await suite.newPage();
    await openMiniProgram(page, suite.stack.previewUrl);
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).not.toContain(
      'user-scalable=no',
    );
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('banner').count()).toBe(1);
  });

  it('regression: going back to the H5 tab did not refresh the status', async () => {
    const page = await suite.newPage();
    await signIn(page);
    let statusReads = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/v1/contracts/current') statusReads++;
    });
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => statusReads, { timeout: 5_000 }).toBeGreaterThan(0);
  });

  it('200 % zoom on a 360 px screen: no horizontal overflow or clipped text in any signing state', async () => {
    const page = await suite.newPage({ viewport: { width: 180, height: 400 } });
    await openMiniProgram(page, suite.stack.previewUrl);
    expect(await overflowing(page)).toEqual({ page: false, elements: [] });
    await signIn(page, false);
    expect(await overflowing(page)).toEqual({ page: false, elements: [] });
    await button(page, '解约免密支付').click();
    await page.getByRole('dialog').waitFor();
    expect(await overflowing(page)).toEqual({ page: false, elements: [] });
  });
});

/** A new user opens the mini program (unless already there) and signs. */
async function signIn(page: Page, fresh = true): Promise<void> {
  if (fresh) await openMiniProgram(page, suite.stack.previewUrl);
  await tapOpenAndReachSignPage(page);
  await page.getByText('同意并开通').click();
  await back(page);
  await page.getByText('开通成功').waitFor({ timeout: 15_000 });
}
