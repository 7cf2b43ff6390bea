import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SIGN_MP_APPID } from '../src/index.js';
import { presign, presignBody } from './support/bodies.js';
import { control, useTestSim } from './support/sim.js';

const RETURN_URL = 'http://127.0.0.1:10086/?from=h5#/pages/index/index';

/**
 * The H5 signing page. Its inline script runs here in a VM with a minimal DOM (buttons, fetch to
 * the real simulator, location.replace) so the redirect contract is checked without a browser.
 */
describe('H5 signing page', () => {
  const ctx = useTestSim();

  const page = async (id: string, returnUrl = RETURN_URL) => {
    const query = new URLSearchParams({ pre_entrustweb_id: id, return_url: returnUrl });
    const response = await fetch(`${ctx.sim.url}/sim/sign?${query}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      html: await response.text(),
    };
  };

  /** Loads the page's script and returns its click handlers and where it navigated. */
  function boot(html: string) {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const handlers: Record<string, (event?: unknown) => Promise<void>> = {};
    const navigated: string[] = [];
    const element = (id: string) => ({
      disabled: false,
      addEventListener: (_type: string, fn: (event?: unknown) => Promise<void>) => {
        handlers[id] = fn;
      },
    });
    const context = createContext({
      URL,
      encodeURIComponent,
      document: { getElementById: (id: string) => (html.includes(`id="${id}"`) ? element(id) : null) },
      fetch: (path: string, init: RequestInit) => fetch(`${ctx.sim.url}${path}`, init),
      location: { replace: (url: string) => navigated.push(url) },
    });
    runInContext(script, context);
    return { handlers, navigated };
  }

  const returned = (url: string) => {
    const parsed = new URL(url);
    const extra = parsed.searchParams.get('extra_data');
    return {
      base: `${parsed.origin}${parsed.pathname}${parsed.hash}`,
      from: parsed.searchParams.get('from'),
      scene: parsed.searchParams.get('scene'),
      referrer: parsed.searchParams.get('referrer_appid'),
      extra: extra === null ? undefined : (JSON.parse(extra) as Record<string, string>),
    };
  };

  it('renders the merchant, the (escaped) display account and the two buttons', async () => {
    const pre = await presign(ctx.client, presignBody(ctx.sim, { contract_display_account: '<b>张三</b>' }));
    const { status, type, html } = await page(pre.pre_entrustweb_id);
    expect(status).toBe(200);
    expect(type).toContain('text/html');
    expect(html).toContain('同意并开通');
    expect(html).toContain('取消');
    expect(html).toContain(ctx.sim.identity.subMerchants[0]!.name);
    expect(html).toContain('&#60;b&#62;张三&#60;/b&#62;');
    expect(html).not.toContain('<b>张三');
  });

  it('「同意并开通」 signs and returns SUCCESS with the contract_id', async () => {
    const pre = await presign(ctx.client, presignBody(ctx.sim));
    const { handlers, navigated } = boot((await page(pre.pre_entrustweb_id)).html);
    await handlers.confirm!();
    const back = returned(navigated[0]!);
    expect(back).toMatchObject({
      base: 'http://127.0.0.1:10086/#/pages/index/index',
      from: 'h5',
      scene: '1038',
    });
    expect(back.referrer).toBe(SIGN_MP_APPID);
    const contracts = await control<{ contracts: Array<{ out_contract_code: string; contract_id: string }> }>(
      ctx.sim,
      'GET',
      '/sim/contracts',
    );
    const signed = contracts.body.contracts.find((c) => c.out_contract_code === pre.out_contract_code);
    expect(back.extra).toEqual({
      return_code: 'SUCCESS',
      return_msg: '签约成功',
      contract_id: signed!.contract_id,
    });
  });

  it('「取消」 cancels and returns FAIL', async () => {
    const pre = await presign(ctx.client, presignBody(ctx.sim));
    const { handlers, navigated } = boot((await page(pre.pre_entrustweb_id)).html);
    await handlers.cancel!();
    expect(returned(navigated[0]!).extra).toEqual({ return_code: 'FAIL', return_msg: '用户取消' });
    const session = await control(ctx.sim, 'GET', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}`);
    expect(session.body).toMatchObject({ status: 'PENDING', abandoned: 1 });
  });

  it('the back button cancels and returns the referrer appId without extraData', async () => {
    const pre = await presign(ctx.client, presignBody(ctx.sim));
    const { handlers, navigated } = boot((await page(pre.pre_entrustweb_id)).html);
    await handlers.back!({ preventDefault: () => undefined });
    const back = returned(navigated[0]!);
    expect(back.referrer).toBe(SIGN_MP_APPID);
    expect(back.extra).toBeUndefined();
    const session = await control(ctx.sim, 'GET', `/sim/pre-entrustweb/${pre.pre_entrustweb_id}`);
    expect(session.body).toMatchObject({ status: 'PENDING', abandoned: 1 });
  });

  it('explains an unusable session and still returns FAIL', async () => {
    const { html } = await page('unknown-session');
    expect(html).toContain('签约请求不存在');
    expect(html).not.toContain('同意并开通');
    const { handlers, navigated } = boot(html);
    await handlers.cancel!();
    expect(returned(navigated[0]!).extra).toEqual({ return_code: 'FAIL', return_msg: '签约请求不存在' });
  });

  it('requires pre_entrustweb_id and an http(s) return_url', async () => {
    expect((await page('x', 'javascript:alert(1)')).status).toBe(400);
    expect((await fetch(`${ctx.sim.url}/sim/sign?pre_entrustweb_id=x`)).status).toBe(400);
  });
});
