import { until } from '@kit/test-support';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contractEvents, deliveriesOf } from './support/bff-records.js';
import { screenshot } from './support/browser.js';
import {
  backOnPreview,
  button,
  messages,
  openMiniProgram,
  preEntrustwebIdOf,
  tapOpenAndReachSignPage,
  terminateFromHome,
  waitUntilOpenable,
} from './support/preview.js';
import { useStack } from './support/suite.js';

const suite = useStack();
let page: Page;

async function newUser(): Promise<void> {
  page = await suite.newPage();
  await openMiniProgram(page, suite.stack.previewUrl);
}

const back = () => backOnPreview(page, suite.stack.previewUrl);

describe('signing flow in the H5 preview', () => {
  it('happy path: open, agree, come back confirmed, then terminate', async () => {
    await newUser();
    await tapOpenAndReachSignPage(page);
    await page.getByText('同意并开通').click();
    await back();
    await page.getByText('开通成功').waitFor({ timeout: 15_000 });
    await page.getByText('已开通', { exact: true }).waitFor();
    console.log(`happy path screenshot: ${await screenshot(page, 'happy-path-signed')}`);

    const terminate = button(page, '解约免密支付');
    // Regression: Taro H5 rendered disabled="false", which its [disabled] style matched — the enabled
    // 「解约」 showed faint white text on grey.
    expect(await terminate.getAttribute('aria-disabled')).toBe('false');
    expect(await terminate.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    await terminateFromHome(page);
    await page.locator('.weui-cell__title', { hasText: '已解约' }).waitFor({ timeout: 15_000 });
    // Regression (issue 11): 「开通成功」 stayed above 「已解约」.
    expect(await page.getByText('开通成功').count()).toBe(0);
    console.log(`terminated screenshot: ${await screenshot(page, 'happy-path-terminated')}`);
  });

  it('cancel at the signing page comes back to a clear "not opened" state', async () => {
    await newUser();
    await tapOpenAndReachSignPage(page);
    await page.getByText('取消').click();
    await back();
    await page.getByText('未完成开通', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('未开通', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText('开通成功').count()).toBe(0);
    await waitUntilOpenable(page);
  });

  it('back without extraData changes nothing and the user can open again', async () => {
    await newUser();
    await tapOpenAndReachSignPage(page);
    await page.getByText('‹ 返回').click();
    await back();
    await page.getByText('未完成开通', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('开通成功').count()).toBe(0);
    await waitUntilOpenable(page);

    // Second attempt in the same session succeeds.
    await tapOpenAndReachSignPage(page);
    await page.getByText('同意并开通').click();
    await back();
    await page.getByText('开通成功').waitFor({ timeout: 15_000 });
  });

  it('a BFF crash and restart in the middle of the flow loses nothing: the notification retry signs it', async () => {
    await newUser();
    await tapOpenAndReachSignPage(page);
    const session = (await suite.stack.simControl(`/sim/pre-entrustweb/${preEntrustwebIdOf(page)}`)) as {
      out_contract_code: string;
    };
    const code = session.out_contract_code;
    await suite.stack.killBff();
    // The user agrees while the BFF is down: the notification fails and WeChat Pay retries it.
    await page.getByText('同意并开通').click();
    await back();
    // The page's confirmation runs out against the dead BFF: nobody asks the query API meanwhile.
    await page.getByText('确认中', { exact: true }).waitFor({ timeout: 30_000 });
    await suite.stack.startBff();
    // WeChat Pay's retry is due 15 s after the failed try: skip the wait rather than sleep through it.
    await suite.stack.simControl('/sim/clock', { advance_seconds: 30 });
    await expect
      .poll(async () => (await deliveriesOf(suite.stack, code)).map((d) => d.status), { timeout: 20_000 })
      .toEqual(['delivered']);

    const [delivery] = await deliveriesOf(suite.stack, code);
    expect(delivery?.event_type).toBe('PASSWORD_EXEMPT_CONTRACT.SIGN');
    expect(delivery?.attempts[0]?.status).toBeUndefined();
    expect(delivery?.attempts[0]?.error).toBeTruthy();
    expect(delivery?.attempts.at(-1)?.status).toBe(204);
    // The retried notification applied the signing — not the query fallback, which would say 'query'.
    expect(contractEvents(suite.stack, code)).toEqual([
      {
        from_state: 'PRESIGNED',
        to_state: 'SIGNED',
        source: 'notification',
        notification_id: delivery?.notification_id,
      },
    ]);
    // The BFF writes its log asynchronously: the line may land a moment after the 204.
    const applied = /"url":"\/v1\/notifications\/wechatpay"[^\n]*"statusCode":204[^\n]*"outcome":"applied"/;
    await until(
      'the applied log line',
      async () => (applied.test(suite.stack.bff.output()) ? true : undefined),
      5_000,
      50,
    );

    await button(page, '刷新').click();
    await page.getByText('开通成功').waitFor({ timeout: 15_000 });
    await page.getByText('已开通', { exact: true }).waitFor();
  });

  it('the simulator failing the first pre-sign with SYSTEM_ERROR is retried transparently', async () => {
    const queued = await suite.stack.simControl('/sim/faults', {
      target: 'presign',
      kind: 'system_error',
      count: 1,
    });
    expect(queued).toEqual({ faults: [expect.objectContaining({ target: 'presign', remaining: 1 })] });
    await newUser();
    // The fault was used up by this user's pre-sign, and the user saw no error on the way.
    expect(await suite.stack.simControl('/sim/faults')).toEqual({ faults: [] });
    expect(await messages(page).count()).toBe(0);
    await tapOpenAndReachSignPage(page);
    await page.getByText('同意并开通').click();
    await back();
    await page.getByText('开通成功').waitFor({ timeout: 15_000 });
  });
});
