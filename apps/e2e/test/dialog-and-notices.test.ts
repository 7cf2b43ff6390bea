import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { overflowing } from './support/a11y.js';
import { answerDialogs } from './support/browser.js';
import { checkState, SCHEMES } from './support/gallery.js';
import { contentBox } from './support/layout.js';
import { signContract } from './support/payment.js';
import {
  backOnPreview,
  button,
  openButton,
  openMiniProgram,
  tapOpenAndReachSignPage,
  waitUntilOpenable,
} from './support/preview.js';
import { useStack } from './support/suite.js';

const suite = useStack();
const LONG = 120_000;

/** The element that has keyboard focus, by its text (the controls are role=button Views). */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

/**
 * WeChat handed back SUCCESS, but WeChat Pay has not recorded the signing (no notification, the
 * query still says not signed): after its ~10 s of polling the page says 确认中 with 「刷新」.
 */
async function returnSuccessUnconfirmed(page: Page): Promise<void> {
  await tapOpenAndReachSignPage(page);
  await page.evaluate(() =>
    (window as unknown as { back: (extra: object) => void }).back({
      return_code: 'SUCCESS',
      return_msg: '签约成功',
    }),
  );
  await backOnPreview(page, suite.stack.previewUrl);
  await page.getByRole('button', { name: '刷新' }).waitFor({ timeout: 30_000 });
}

describe('the terminate dialog, the page notices and the agreement number (issue 16)', () => {
  afterEach(async () => {
    await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
  });

  it('regression: focus escaped the terminate dialog — Tab cycles inside, Escape closes, focus returns to 「解约」', async () => {
    const page = await suite.newPage();
    await openMiniProgram(page, suite.stack.previewUrl);
    await signContract(page, suite.stack.previewUrl);
    const opener = button(page, '解约免密支付');
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '解约免密支付' });
    await dialog.waitFor();
    await expect.poll(() => focused(page)).toBe('再想想');

    // Forward and backward, focus never leaves the dialog's two controls.
    const forward: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      forward.push(await focused(page));
    }
    expect(forward).toEqual(['解约', '再想想', '解约', '再想想']);
    const backward: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      backward.push(await focused(page));
    }
    expect(backward).toEqual(['解约', '再想想', '解约']);
    // A click on the dialog's text drops focus to the page; the next Tab brings it back inside.
    await dialog.getByText('解约后', { exact: false }).click();
    await page.keyboard.press('Tab');
    expect(['再想想', '解约']).toContain(await focused(page));

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('解约免密支付');
    // Still signed: Escape cancelled, it did not terminate.
    expect(await page.getByText('已开通', { exact: true }).count()).toBe(1);
  });

  for (const scheme of SCHEMES) {
    it(
      `regression: 已取消开通 was a platform toast — an announced notice, axe-clean and saved (${scheme})`,
      async () => {
        const page = await suite.newPage({ colorScheme: scheme });
        await openMiniProgram(page, suite.stack.previewUrl);
        answerDialogs(page, 'dismiss');
        await openButton(page).click();
        const notice = page.getByRole('status').filter({ hasText: '已取消开通' });
        await notice.waitFor({ timeout: 5_000 });
        // Inside the page's live region, which was there before the message arrived.
        expect(await notice.evaluate((el) => el.closest('[aria-live="polite"]')?.id)).toBe('kit-message');
        expect(new URL(page.url()).origin).toBe(suite.stack.previewUrl);
        await waitUntilOpenable(page);
        await checkState(page, 'launch-cancelled', scheme);

        // Said yes this time: the jump happens and the notice is gone on the way back.
        answerDialogs(page, 'accept');
        await tapOpenAndReachSignPage(page);
        await page.getByText('同意并开通').click();
        await backOnPreview(page, suite.stack.previewUrl);
        await page.getByText('开通成功').waitFor({ timeout: 15_000 });
        expect(await page.getByText('已取消开通').count()).toBe(0);
      },
      LONG,
    );

    it(
      `signing 确认中 with 「刷新」 passes axe and is saved; 刷新 keeps its box while busy (${scheme})`,
      async () => {
        const page = await suite.newPage({ colorScheme: scheme });
        await openMiniProgram(page, suite.stack.previewUrl);
        await returnSuccessUnconfirmed(page);
        expect(await page.getByText('确认中', { exact: true }).count()).toBe(1);
        const refresh = page.getByRole('button', { name: '刷新' });
        await expect.poll(() => refresh.getAttribute('aria-busy')).toBe('false');
        await checkState(page, 'sign-pending', scheme);

        const idle = await contentBox(refresh);
        // The BFF answers at once (it asks WeChat Pay at most every few seconds): hold the answer.
        await page.route(/\/v1\/contracts\/(?!current|pre-sign)[^/?]+$/, async (route) => {
          await new Promise((r) => setTimeout(r, 2_000));
          await route.continue();
        });
        await refresh.click();
        await expect.poll(() => refresh.getAttribute('aria-busy')).toBe('true');
        expect(await contentBox(refresh)).toEqual(idle);
        await expect.poll(() => refresh.getAttribute('aria-busy'), { timeout: 15_000 }).toBe('false');
      },
      LONG,
    );
  }

  it(
    '200 % zoom on a 360 px screen: 已取消开通 and signing 确认中 + 刷新 neither overflow nor clip',
    async () => {
      const page = await suite.newPage({ viewport: { width: 180, height: 400 } });
      await openMiniProgram(page, suite.stack.previewUrl);
      answerDialogs(page, 'dismiss');
      await openButton(page).click();
      await page.getByText('已取消开通').waitFor({ timeout: 5_000 });
      expect(await overflowing(page)).toEqual({ page: false, elements: [] });
      answerDialogs(page, 'accept');
      await returnSuccessUnconfirmed(page);
      expect(await overflowing(page)).toEqual({ page: false, elements: [] });
    },
    LONG,
  );

  it(
    'regression: a long 协议编号 wrapped in bold — regular weight, secondary colour, breaks within the card',
    async () => {
      for (const width of [360, 180]) {
        if (width === 180) await suite.page.context().close();
        const page = await suite.newPage({ viewport: { width, height: 740 } });
        await openMiniProgram(page, suite.stack.previewUrl);
        await signContract(page, suite.stack.previewUrl);
        const row = page.locator('.weui-cell', { hasText: '协议编号' });
        const code = row.locator('.weui-cell__desc');
        const text = ((await code.textContent()) ?? '').trim();
        expect(text).toMatch(/^\d{20,}$/);
        const style = await code.evaluate((el) => {
          const s = getComputedStyle(el);
          const secondary = document.createElement('span');
          secondary.style.color = 'var(--weui-FG-1)';
          el.appendChild(secondary);
          const fg1 = getComputedStyle(secondary).color;
          secondary.remove();
          return { weight: s.fontWeight, wordBreak: s.wordBreak, color: s.color, fg1 };
        });
        expect(style).toEqual({ weight: '400', wordBreak: 'break-all', color: style.fg1, fg1: style.fg1 });
        const [codeBox, rowBox] = [await contentBox(code), await contentBox(row)];
        expect(codeBox.x + codeBox.width).toBeLessThanOrEqual(rowBox.x + rowBox.width);
        expect(await overflowing(page), `at ${width} px`).toEqual({ page: false, elements: [] });
        // At 360 px the number fits on one line; at 200 % zoom it breaks, still inside the card.
        const lines = Math.round(
          codeBox.height / Number.parseFloat(await code.evaluate((el) => getComputedStyle(el).lineHeight)),
        );
        if (width === 360) expect(lines).toBe(1);
        else expect(lines).toBeGreaterThan(1);
      }
    },
    LONG,
  );
});
