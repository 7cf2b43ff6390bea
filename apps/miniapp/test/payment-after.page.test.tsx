import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { clock } from '../src/lib/clock';
import IndexPage from '../src/pages/index/index';
import { bff, errorReply } from './support/fake-bff';
import { created, NO_1, orderPath, orderView, productsReply, sheetEnds } from './support/orders';
import { NOW, newUser, ready, SIGNED, signedUser } from './support/pay-page';

describe('payment: sign after pay, and the catalog', () => {
  beforeEach(() => {
    clock.now = () => NOW;
    clock.sleep = async () => {};
  });

  it('sign after pay: the contract is read again, 已开通 shows, and the next purchase is password-free', async () => {
    newUser();
    bff.sequence('GET /v1/contracts/current', [
      errorReply(404, 'NO_CONTRACT'),
      errorReply(404, 'NO_CONTRACT'),
      { status: 200, body: SIGNED },
    ]);
    bff.on('POST /v1/orders', { status: 201, body: created(NO_1, 'NORMAL', true) });
    bff.on(orderPath(NO_1), { status: 200, body: orderView(NO_1, 'PAID', 'NORMAL') });
    sheetEnds('success');
    fireEvent.click(await ready('微信支付 ¥12.00'));

    await screen.findByText('已开通免密支付，下次购买无需输入密码');
    expect(screen.getByText('支付成功')).toBeTruthy();
    expect(screen.getByText('已开通')).toBeTruthy();
    expect(screen.getByText('免密支付 ¥12.00')).toBeTruthy();
    expect(bff.callsTo('GET /v1/contracts/current')).toHaveLength(3);
  });

  it('sign after pay declined: the contract stays 未开通 and 「微信支付」 stays', async () => {
    newUser();
    bff.on('POST /v1/orders', { status: 201, body: created(NO_1, 'NORMAL', true) });
    bff.on(orderPath(NO_1), { status: 200, body: orderView(NO_1, 'PAID', 'NORMAL') });
    sheetEnds('success');
    fireEvent.click(await ready('微信支付 ¥12.00'));

    await screen.findByText('支付成功');
    await waitFor(() => expect(bff.callsTo('GET /v1/contracts/current').length).toBeGreaterThan(1));
    expect(screen.queryByText('已开通免密支付，下次购买无需输入密码')).toBeNull();
    expect(screen.getByText('未开通')).toBeTruthy();
    expect(screen.getByText('微信支付 ¥12.00')).toBeTruthy();
  });

  it('a failed catalog load says so with 重试, which loads it', async () => {
    signedUser();
    bff.sequence('GET /v1/products', [errorReply(503, 'UPSTREAM_UNAVAILABLE'), productsReply]);
    render(<IndexPage />);
    await screen.findByText('微信支付暂时不可用，请稍后再试');
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await screen.findByText('免密支付 ¥12.00');
    expect(screen.queryByText('微信支付暂时不可用，请稍后再试')).toBeNull();
  });

  it('a BFF without the catalog route: no product list and no error, signing stands alone', async () => {
    signedUser();
    bff.on('GET /v1/products', errorReply(404, 'NOT_FOUND'));
    render(<IndexPage />);
    await screen.findByText('已开通');
    await waitFor(() => expect(bff.callsTo('GET /v1/products')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByText('正在加载…')).toBeNull());
    expect(screen.queryByText('商品')).toBeNull();
    expect(document.querySelectorAll('.notice')).toHaveLength(0);
  });
});
