import { expect, it } from 'vitest';
import { useStack } from './support/suite.js';

const suite = useStack({ fakeClock: true });

it('a pre-sign left to expire (2 h away from the app) is replaced before the tap, and signing works', async () => {
  const page = await suite.newPage();
  await page.clock.install();
  const presigns: { out_contract_code: string; pre_entrustweb_id: string }[] = [];
  page.on('response', async (res) => {
    if (res.url().endsWith('/v1/contracts/pre-sign') && res.ok()) presigns.push(await res.json());
  });

  await page.goto(suite.stack.previewUrl);
  const open = page.getByRole('button', { name: '开通免密支付' });
  await open.waitFor({ timeout: 20_000 });
  await expect.poll(() => open.getAttribute('aria-disabled'), { timeout: 20_000 }).toBe('false');
  // The response listener parses asynchronously: wait for it rather than racing it.
  await expect.poll(() => presigns.length, { timeout: 5_000 }).toBe(1);

  // Two hours pass for everyone: WeChat Pay and the BFF (libfaketime), and the page's own clock.
  suite.stack.advanceClock(2 * 3600 + 60);
  await page.clock.fastForward('02:01:00');
  await expect.poll(() => presigns.length, { timeout: 15_000 }).toBe(2);
  expect(presigns[1]?.out_contract_code).not.toBe(presigns[0]?.out_contract_code);
  await expect.poll(() => open.getAttribute('aria-disabled'), { timeout: 20_000 }).toBe('false');

  // The first signing session really is dead at WeChat Pay; the new one signs.
  const first = (await suite.stack.simControl(`/sim/pre-entrustweb/${presigns[0]?.pre_entrustweb_id}`)) as {
    status: string;
  };
  expect(first.status).toBe('EXPIRED');
  await open.click();
  await page.waitForURL(/\/sim\/sign\?/, { timeout: 15_000 });
  await page.getByText('同意并开通').click();
  await page.waitForURL((url) => url.origin === suite.stack.previewUrl, { timeout: 15_000 });
  await page.getByText('开通成功').waitFor({ timeout: 15_000 });
});
