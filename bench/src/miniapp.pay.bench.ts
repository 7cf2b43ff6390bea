import type { Page, Request } from 'playwright-core';

export interface PayRoundTrips {
  /** Requests the page started between the order's answer and the jump to the pay sheet's stand-in. */
  count: number;
  urls: string[];
  /** The one request allowed between the tap and the sheet: the order itself. */
  order: string;
}

const label = (r: Request) => `${r.method()} ${new URL(r.url()).pathname}`;

/**
 * A new user (no contract) taps the first product's 「微信支付」 and the page opens the simulator's
 * /sim/pay — the H5 stand-in for requestPayment. Counts what the page starts after POST /v1/orders
 * answered and before that navigation: the order's answer must carry everything requestPayment needs.
 */
export async function payRoundTrips(page: Page, previewUrl: string): Promise<PayRoundTrips> {
  await page.goto(previewUrl);
  const buy = page.getByRole('button', { name: /^微信支付 ¥/ }).first();
  await buy.waitFor({ state: 'visible', timeout: 30_000 });
  const deadline = Date.now() + 30_000;
  while ((await buy.getAttribute('aria-disabled')) !== 'false') {
    if (Date.now() > deadline) throw new Error('微信支付 never became enabled');
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState('networkidle');
  let order: Request | undefined;
  const afterAnswer: Request[] = [];
  const onRequest = (r: Request) => {
    if (order) afterAnswer.push(r);
  };
  const onResponse = (res: { request(): Request }) => {
    const r = res.request();
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/orders') order = r;
  };
  page.on('request', onRequest);
  page.on('response', onResponse);
  const sheet = page.waitForRequest(
    (r) => r.isNavigationRequest() && new URL(r.url()).pathname === '/sim/pay',
    {
      timeout: 20_000,
    },
  );
  await buy.click();
  const navigation = await sheet;
  page.off('request', onRequest);
  page.off('response', onResponse);
  if (!order) throw new Error('the pay sheet opened before POST /v1/orders answered');
  const between = afterAnswer.slice(0, Math.max(0, afterAnswer.indexOf(navigation)));
  return { count: between.length, urls: between.map(label), order: label(order) };
}
