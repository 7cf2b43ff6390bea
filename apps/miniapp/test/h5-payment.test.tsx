import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { env } from '../src/env';
import { clock } from '../src/lib/clock';
import IndexPage from '../src/pages/index/index';
import { ATTEMPT_KEY, placedOrder } from '../src/pay/attempt';
import { h5Navigation } from '../src/platform/launcher.h5';
import { buildPayUrl, parseSimPayReturn, withoutPayParams } from '../src/platform/sim-pay';
import { bff, contract, session } from './support/fake-bff';
import { created, NO_1, NO_2, orderPath, orderView, productsReply } from './support/orders';
import { memoryStorage } from './support/taro.mock';

// The h5 build's platform files, exactly as Taro picks them for h5.
vi.mock('../src/platform/payment', () => import('../src/platform/payment.h5'));
vi.mock('../src/platform/pay-return', () => import('../src/platform/pay-return.h5'));

const NOW = Date.parse('2026-11-28T02:00:00Z');
const PAGE = 'http://127.0.0.1:10086/#/pages/index/index';
const SIGNED = contract('occ1', 'SIGNED', { signed_at: '2026-11-20T02:00:00Z', contract_id: 'C1' });

describe('h5 payment page format', () => {
  it('builds the payment page URL with the prepay id and where to come back', () => {
    const url = new URL(buildPayUrl('http://127.0.0.1:3100', 'wx123', PAGE));
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:3100/sim/pay');
    expect(url.searchParams.get('prepay_id')).toBe('wx123');
    expect(url.searchParams.get('return_url')).toBe(PAGE);
  });

  it('reads the return: result, err_msg and sign_offer, before or inside the hash route', () => {
    const q = 'sim_pay=1&prepay_id=wx1&result=success&err_msg=requestPayment%3Aok&sign_offer=accepted';
    const expected = {
      prepayId: 'wx1',
      outcome: { result: 'success', errMsg: 'requestPayment:ok', signOffer: 'accepted' },
    };
    expect(parseSimPayReturn(`http://127.0.0.1:10086/?${q}#/pages/index/index`)).toEqual(expected);
    expect(parseSimPayReturn(`${PAGE}?${q}`)).toEqual(expected);
    const refused = parseSimPayReturn(
      `http://h/?sim_pay=1&prepay_id=wx1&result=fail&err_msg=${encodeURIComponent('requestPayment:fail PASSWORD_FREE_REFUSED 免密支付未成功')}`,
    );
    expect(refused?.outcome).toEqual({
      result: 'fail',
      errMsg: 'requestPayment:fail PASSWORD_FREE_REFUSED 免密支付未成功',
    });
    // An unknown result is a failure of unknown cause, never a success.
    expect(parseSimPayReturn('http://h/?sim_pay=1&prepay_id=wx1&result=maybe')?.outcome.result).toBe('fail');
    expect(parseSimPayReturn(PAGE)).toBeUndefined();
    expect(parseSimPayReturn('http://h/?prepay_id=wx1&result=success')).toBeUndefined();
  });

  it('strips earlier payment parameters from the return URL', () => {
    expect(
      withoutPayParams(
        'http://h/?sim_pay=1&prepay_id=wx1&result=cancel&err_msg=x&sign_offer=declined&keep=1#/p',
      ),
    ).toBe('http://h/?keep=1#/p');
  });
});

describe('h5 payment through the simulator page', () => {
  beforeEach(() => {
    clock.now = () => NOW;
    clock.sleep = async () => {};
    env.simUrl = 'http://127.0.0.1:3100';
    bff.on('POST /v1/session', session('tok-1', NOW));
    bff.on('GET /v1/contracts/current', { status: 200, body: SIGNED });
    bff.on('GET /v1/products', productsReply);
    window.history.replaceState(null, '', '/#/pages/index/index');
  });

  it('the tap stores the attempt and goes to /sim/pay with this page as return_url', async () => {
    const go = vi.spyOn(h5Navigation, 'go').mockImplementation(() => {});
    bff.on('POST /v1/orders', { status: 201, body: created(NO_1, 'PASSWORD_FREE') });
    render(<IndexPage />);
    const button = await screen.findByRole('button', { name: /^免密支付 ¥12\.00，/ });
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('false'));
    fireEvent.click(button);

    await waitFor(() => expect(go).toHaveBeenCalledTimes(1));
    const url = new URL(go.mock.calls[0]![0]);
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:3100/sim/pay');
    expect(url.searchParams.get('prepay_id')).toBe(`wx${NO_1}`);
    expect(url.searchParams.get('return_url')).toBe(window.location.href);
    expect(memoryStorage.get(ATTEMPT_KEY)).toMatchObject({
      product_id: 'coffee',
      order: { out_trade_no: NO_1, prepay_id: `wx${NO_1}` },
    });
  });

  it('the order survives the reload: the return is matched to the stored attempt and confirmed', async () => {
    memoryStorage.set(ATTEMPT_KEY, {
      key: 'k'.repeat(32),
      product_id: 'coffee',
      order: placedOrder(created(NO_1, 'PASSWORD_FREE')),
    });
    bff.on(orderPath(NO_1), { status: 200, body: orderView(NO_1, 'PAID', 'PASSWORD_FREE') });
    window.history.replaceState(
      null,
      '',
      `/?sim_pay=1&prepay_id=wx${NO_1}&result=success&err_msg=requestPayment%3Aok#/pages/index/index`,
    );
    render(<IndexPage />);

    await screen.findByText('支付成功');
    expect(window.location.search).toBe('');
    expect(memoryStorage.has(ATTEMPT_KEY)).toBe(false);
  });

  it('a return about another prepay id changes nothing', async () => {
    memoryStorage.set(ATTEMPT_KEY, {
      key: 'k'.repeat(32),
      product_id: 'coffee',
      order: placedOrder(created(NO_1, 'PASSWORD_FREE')),
    });
    window.history.replaceState(
      null,
      '',
      `/?sim_pay=1&prepay_id=wx${NO_2}&result=success#/pages/index/index`,
    );
    render(<IndexPage />);
    await screen.findByText('免密支付 ¥12.00');
    expect(bff.callsTo(orderPath(NO_1))).toHaveLength(0);
    expect(bff.callsTo(orderPath(NO_2))).toHaveLength(0);
    expect(screen.queryByText('支付成功')).toBeNull();
  });
});
