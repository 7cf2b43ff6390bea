import { afterEach, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import {
  backOnPreview,
  messages,
  OPEN,
  openButton,
  openMiniProgram,
  recordSignPageVisits,
  tapOpenAndReachSignPage,
  waitUntilOpenable,
} from './support/preview.js';
import { useStack } from './support/suite.js';

const CONFIRMING = '正在确认开通结果…';
/** The copy of UPSTREAM_UNAVAILABLE, what the BFF answers when jscode2session is busy (errcode -1). */
const LOGIN_UNAVAILABLE = '微信支付暂时不可用，请稍后再试';
const suite = useStack();

/** Taps as a finger does: at the element's position, whatever the page thinks of its state. */
async function tapGreyedOpen(times: number): Promise<void> {
  const page = suite.page;
  for (let i = 0; i < times; i++) {
    // A tap that opened the signing page leaves nothing to tap: the caller's checks say why.
    if (new URL(page.url()).origin !== suite.stack.previewUrl) return;
    await openButton(page).click({ force: true, timeout: 2_000 });
    // Long enough for a tap's pre-sign request to come back before the next tap (how the bug opened the page).
    await page.waitForTimeout(400);
  }
}

describe('page states in the H5 preview (issue 11, item 8)', () => {
  afterEach(async () => {
    await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
  });

  it('regression: taps on the greyed 「开通免密支付」 while the return is being confirmed open nothing', async () => {
    const page = await suite.newPage();
    const visits = recordSignPageVisits(page);
    await openMiniProgram(page, suite.stack.previewUrl);
    await tapOpenAndReachSignPage(page);
    // Every query to WeChat Pay takes 4 s: the confirmation of this return lasts long enough to tap.
    await suite.stack.simControl('/sim/faults', {
      target: 'query',
      kind: 'delay',
      delay_ms: 4_000,
      count: 4,
    });
    await page.getByText('‹ 返回').click();
    await backOnPreview(page, suite.stack.previewUrl);

    await page.getByText(CONFIRMING).waitFor({ timeout: 15_000 });
    const button = openButton(page);
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    await tapGreyedOpen(3);
    expect(visits).toHaveLength(1);
    expect(new URL(page.url()).origin).toBe(suite.stack.previewUrl);
    // The taps landed while it was still confirming, else this test proves nothing.
    expect(await page.getByText(CONFIRMING).count()).toBe(1);
    console.log(`confirming screenshot: ${await screenshot(page, 'greyed-open-while-confirming')}`);

    await page.getByText('未完成开通', { exact: true }).waitFor({ timeout: 20_000 });
    expect(visits).toHaveLength(1);
    await waitUntilOpenable(page);
    expect(await button.getAttribute('aria-disabled')).toBe('false');
  });

  it('regression: with login failing, a tap on the greyed button adds no second error box', async () => {
    await suite.stack.simControl('/sim/faults', {
      target: 'jscode2session',
      kind: 'system_error',
      count: 20,
    });
    const page = await suite.newPage();
    const visits = recordSignPageVisits(page);
    await page.goto(suite.stack.previewUrl);
    await page.getByText(LOGIN_UNAVAILABLE).waitFor({ timeout: 20_000 });
    const button = openButton(page);
    expect(await button.getAttribute('aria-disabled')).toBe('true');

    await tapGreyedOpen(2);
    await page.waitForTimeout(1_000);
    expect(await page.getByText(LOGIN_UNAVAILABLE).count()).toBe(1);
    expect(await messages(page).count()).toBe(1);
    expect(visits).toHaveLength(0);
    console.log(`login failed screenshot: ${await screenshot(page, 'greyed-open-login-failed')}`);

    // WeChat login is back: 重试 recovers, and the one message goes away.
    await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
    await page.getByRole('button', { name: '重试' }).click();
    await waitUntilOpenable(page);
    expect(await messages(page).count()).toBe(0);
    expect(await page.getByText(OPEN).count()).toBe(1);
  });
});
