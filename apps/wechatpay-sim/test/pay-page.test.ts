import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { presignBody } from './support/bodies.js';
import {
  createOrder,
  JSAPI_PATH,
  newOpenid,
  orderBody,
  PAY_REDIRECT_PATH,
  sheet,
  signedUser,
  WITH_CONTRACT_PATH,
  withContractBody,
} from './support/orders.js';
import { control, useTestSim } from './support/sim.js';

const RETURN_URL = 'http://127.0.0.1:10086/?from=h5#/pages/index/index';

interface FakeElement {
  hidden: boolean;
  disabled: boolean;
  textContent: string;
}

/**
 * The H5 payment page. Its inline script runs in a VM with a minimal DOM (elements by id, fetch to
 * the real simulator, location.replace), so each flow and its return query are checked for real.
 */
describe('H5 payment page', () => {
  const ctx = useTestSim();

  const page = async (prepayId: string, returnUrl = RETURN_URL) => {
    const query = new URLSearchParams({ prepay_id: prepayId, return_url: returnUrl });
    const response = await fetch(`${ctx.sim.url}/sim/pay?${query}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      html: await response.text(),
    };
  };

  function boot(html: string) {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const handlers: Record<string, (event?: unknown) => Promise<void> | undefined> = {};
    const elements: Record<string, FakeElement> = {};
    const navigated: string[] = [];
    const element = (id: string) => {
      const listen = (_: string, fn: (event?: unknown) => Promise<void>) => {
        handlers[id] = fn;
      };
      elements[id] ??= Object.assign(
        { hidden: html.includes(`id="${id}" hidden`), disabled: false, textContent: '' },
        { addEventListener: listen },
      );
      return elements[id];
    };
    const context = createContext({
      URL,
      JSON,
      String,
      encodeURIComponent,
      document: { getElementById: (id: string) => (html.includes(`id="${id}"`) ? element(id) : null) },
      fetch: (path: string, init: RequestInit) => fetch(`${ctx.sim.url}${path}`, init),
      location: { replace: (url: string) => navigated.push(url) },
    });
    runInContext(script, context);
    const click = async (id: string) => {
      if (!handlers[id]) throw new Error(`no handler for #${id}`);
      await handlers[id]!({ preventDefault: () => undefined });
    };
    return { click, elements, navigated };
  }

  const returned = (url: string) => {
    const parsed = new URL(url);
    const q: Record<string, string> = Object.fromEntries(parsed.searchParams);
    return { ...q, base: `${parsed.origin}${parsed.pathname}${parsed.hash}` } as Record<string, string>;
  };

  const ordinary = async (subOpenid = newOpenid()) => {
    const body = orderBody(ctx.sim, { payer: { sub_openid: subOpenid } });
    return { subOpenid, body, prepayId: await createOrder(ctx.client, JSAPI_PATH, body) };
  };

  it('a password-free order: amount, merchant, 「免密支付」 and no password pad; one tap pays', async () => {
    const user = await signedUser(ctx.client, ctx.sim);
    const prepayId = await createOrder(ctx.client, WITH_CONTRACT_PATH, withContractBody(ctx.sim, user));
    const { status, type, html } = await page(prepayId);
    expect(status).toBe(200);
    expect(type).toContain('text/html');
    expect(html).toContain('¥12.00');
    expect(html).toContain(ctx.sim.identity.subMerchants[0]!.name);
    expect(html).toContain('免密支付</button>');
    expect(html).not.toContain('id="key-1"');
    const { click, navigated } = boot(html);
    await click('pay');
    expect(returned(navigated[0]!)).toEqual({
      base: 'http://127.0.0.1:10086/#/pages/index/index',
      from: 'h5',
      sim_pay: '1',
      prepay_id: prepayId,
      result: 'success',
      err_msg: 'requestPayment:ok',
    });
    expect((await sheet(ctx.sim, prepayId)).body.transaction.trade_state).toBe('SUCCESS');
  });

  it('a refused password-free payment returns fail with an err_msg that says so', async () => {
    const user = await signedUser(ctx.client, ctx.sim);
    const prepayId = await createOrder(ctx.client, WITH_CONTRACT_PATH, withContractBody(ctx.sim, user));
    await control(ctx.sim, 'POST', '/sim/faults', { target: 'password_free_payment', kind: 'refuse' });
    const { click, navigated } = boot((await page(prepayId)).html);
    await click('pay');
    const back = returned(navigated[0]!);
    expect(back).toMatchObject({ result: 'fail', prepay_id: prepayId });
    expect(back.err_msg).toMatch(/^requestPayment:fail PASSWORD_FREE_REFUSED /);
    // Opening the page again explains why it cannot pay.
    expect((await page(prepayId)).html).toContain('免密支付未成功，请使用普通支付');
  });

  it('an ordinary order: six digits on the pad pay it (⌫ corrects), no offer without a pay-redirect', async () => {
    const { prepayId } = await ordinary();
    const { html } = await page(prepayId);
    expect(html).not.toContain('data-testid="pay"');
    const { click, elements, navigated } = boot(html);
    for (const key of ['1', '2', '9', 'del', '3', '4', '5']) await click(`key-${key}`);
    expect(elements.dots!.textContent).toBe('●●●●●○');
    expect(navigated).toHaveLength(0);
    await click('key-6');
    expect(returned(navigated[0]!)).toMatchObject({ result: 'success', err_msg: 'requestPayment:ok' });
    expect(returned(navigated[0]!)).not.toHaveProperty('sign_offer');
  });

  it.each([
    ['cancel', '「取消支付」'],
    ['back', '「‹ 返回」'],
  ])('%s (%s) returns without paying', async (button) => {
    const { prepayId } = await ordinary();
    const { click, navigated } = boot((await page(prepayId)).html);
    await click(button);
    expect(returned(navigated[0]!)).toMatchObject({
      result: 'cancel',
      err_msg: 'requestPayment:fail cancel',
    });
    expect((await sheet(ctx.sim, prepayId)).body).toMatchObject({
      abandoned: 1,
      transaction: { trade_state: 'NOTPAY' },
    });
  });

  async function withOffer() {
    const order = await ordinary();
    const body: Record<string, unknown> = {
      ...presignBody(ctx.sim, { sub_openid: order.subOpenid }),
      prepay_id: order.prepayId,
    };
    expect((await ctx.client.call('POST', PAY_REDIRECT_PATH, body)).status).toBe(200);
    const { html } = await page(order.prepayId);
    const booted = boot(html);
    for (const key of '123456') await booted.click(`key-${key}`);
    return { ...order, ...booted, outContractCode: body.out_contract_code as string };
  }

  it('with a pay-redirect pre-sign the offer follows the payment; 「开通免密支付」 signs', async () => {
    const { click, elements, navigated, prepayId, outContractCode } = await withOffer();
    expect(navigated).toHaveLength(0);
    expect(elements.sheet!.hidden).toBe(true);
    expect(elements.offer!.hidden).toBe(false);
    await click('offer-accept');
    expect(returned(navigated[0]!)).toMatchObject({
      result: 'success',
      err_msg: 'requestPayment:ok',
      sign_offer: 'accepted',
      prepay_id: prepayId,
    });
    const contracts = await control<{
      contracts: Array<{ out_contract_code: string; contract_state: string }>;
    }>(ctx.sim, 'GET', '/sim/contracts');
    expect(contracts.body.contracts.find((c) => c.out_contract_code === outContractCode)).toMatchObject({
      contract_state: 'SIGNED',
    });
  });

  it('「暂不开通」 returns success with sign_offer=declined and signs nothing', async () => {
    const { click, navigated, prepayId, outContractCode } = await withOffer();
    await click('offer-decline');
    expect(returned(navigated[0]!)).toMatchObject({ result: 'success', sign_offer: 'declined' });
    expect((await sheet(ctx.sim, prepayId)).body.sign_offer).toEqual({
      out_contract_code: outContractCode,
      status: 'DECLINED',
    });
  });

  it('explains an unusable order and returns fail with its code', async () => {
    const { html } = await page('wx-unknown');
    expect(html).toContain('支付请求不存在');
    const { click, navigated } = boot(html);
    await click('cancel');
    expect(returned(navigated[0]!)).toMatchObject({
      result: 'fail',
      err_msg: 'requestPayment:fail NO_PREPAY 支付请求不存在',
    });
    const { prepayId } = await ordinary();
    await sheet(ctx.sim, prepayId, 'pay', { password: '123456' });
    expect((await page(prepayId)).html).toContain('该订单已支付');
  });

  it('requires prepay_id and an http(s) return_url, and escapes what it shows', async () => {
    expect((await page('x', 'javascript:alert(1)')).status).toBe(400);
    expect((await fetch(`${ctx.sim.url}/sim/pay?prepay_id=x`)).status).toBe(400);
    const body = orderBody(ctx.sim, { description: '<img src=x onerror=alert(1)>' });
    const prepayId = await createOrder(ctx.client, JSAPI_PATH, body);
    const { html } = await page(prepayId, 'http://127.0.0.1:1/</script><script>alert(1)//');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><script>alert');
  });
});
