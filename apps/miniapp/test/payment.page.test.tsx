import { IDEMPOTENCY_KEY_PATTERN } from '@kit/contract-types';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clock } from '../src/lib/clock';
import IndexPage from '../src/pages/index/index';
import { ORDER_BACKOFF_MS } from '../src/pay/confirm-order';
import { isDisabled, isLoading } from './support/components.mock';
import { bff, errorReply } from './support/fake-bff';
import { held } from './support/held';
import { created, NO_1, NO_2, orderPath, orderView, sheetEnds } from './support/orders';
import { buyButton, NOW, newUser, orderCalls, ready, signedUser } from './support/pay-page';
import Taro from './support/taro.mock';

describe('payment: products and the purchase attempt', () => {
  beforeEach(() => {
    clock.now = () => NOW;
    clock.sleep = async () => {};
  });

  it('a signed user sees 「免密支付 ¥x.xx」, a user without a contract 「微信支付 ¥x.xx」', async () => {
    signedUser();
    const { unmount } = render(<IndexPage />);
    await screen.findByText('免密支付 ¥12.00');
    expect(screen.getByText('免密支付 ¥0.01')).toBeTruthy();
    expect(screen.queryByText(/^微信支付 ¥/)).toBeNull();
    unmount();

    bff.reset();
    newUser();
    render(<IndexPage />);
    await screen.findByText('微信支付 ¥12.00');
    expect(screen.getByText('微信支付 ¥0.01')).toBeTruthy();
    expect(screen.queryByText(/^免密支付 ¥/)).toBeNull();
  });

  it('tap: progress while the order is created, a double tap sends one order, then the sheet opens by itself', async () => {
    signedUser();
    const answer = held({ status: 201, body: created(NO_1, 'PASSWORD_FREE') });
    bff.on('POST /v1/orders', answer.handler);
    const button = await ready('免密支付 ¥12.00');

    fireEvent.click(button);
    fireEvent.click(button);
    await screen.findByText('正在创建订单…');
    expect(isLoading(buyButton('免密支付 ¥12.00'))).toBe(true);
    expect(isDisabled(buyButton('免密支付 ¥0.01'))).toBe(true);
    fireEvent.click(buyButton('免密支付 ¥0.01'));
    await waitFor(() => expect(orderCalls()).toHaveLength(1));
    expect(orderCalls()[0]?.body).toEqual({ product_id: 'coffee' });
    expect(orderCalls()[0]?.idempotencyKey).toMatch(new RegExp(IDEMPOTENCY_KEY_PATTERN));
    expect(Taro.requestPayment).not.toHaveBeenCalled();

    answer.release();
    await waitFor(() => expect(Taro.requestPayment).toHaveBeenCalledTimes(1));
    expect(vi.mocked(Taro.requestPayment).mock.calls[0]?.[0]).toMatchObject({
      timeStamp: '1764295200',
      nonceStr: 'nonce000001',
      package: `prepay_id=wx${NO_1}`,
      signType: 'RSA',
      paySign: `sig-${NO_1}`,
    });
    expect(orderCalls()).toHaveLength(1);
  });

  it('paid password-free: polls the order with back-off until PAID → 支付成功 with amount, time and 免密', async () => {
    signedUser();
    bff.on('POST /v1/orders', { status: 201, body: created(NO_1, 'PASSWORD_FREE') });
    bff.sequence(orderPath(NO_1), [
      { status: 200, body: orderView(NO_1, 'CREATED', 'PASSWORD_FREE') },
      { status: 200, body: orderView(NO_1, 'PAID', 'PASSWORD_FREE') },
    ]);
    sheetEnds('success');
    fireEvent.click(await ready('免密支付 ¥12.00'));

    await screen.findByText('支付成功');
    // The outcome sits below the products: the page scrolls to it.
    expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#kit-message' }));
    expect(screen.getByText('免密')).toBeTruthy();
    expect(screen.getByText('¥12.00')).toBeTruthy();
    expect(screen.getByText(/^2026-11-28 \d\d:00$/)).toBeTruthy();
    expect(bff.callsTo(orderPath(NO_1))).toHaveLength(2);
    // A new purchase may start from the result.
    expect(isDisabled(buyButton('免密支付 ¥12.00'))).toBe(false);
  });

  it('cancel: 支付未完成, 关闭订单 closes it, and a new attempt has a new Idempotency-Key', async () => {
    signedUser();
    bff.sequence('POST /v1/orders', [
      { status: 201, body: created(NO_1, 'PASSWORD_FREE') },
      { status: 201, body: created(NO_2, 'PASSWORD_FREE') },
    ]);
    bff.on(orderPath(NO_1), { status: 200, body: orderView(NO_1, 'CREATED', 'PASSWORD_FREE') });
    const close = held({ status: 200, body: orderView(NO_1, 'CLOSED', 'PASSWORD_FREE') });
    bff.on(`POST /v1/orders/${NO_1}/close`, close.handler);
    sheetEnds('cancel');
    fireEvent.click(await ready('免密支付 ¥12.00'));

    await screen.findByText('支付未完成');
    fireEvent.click(screen.getByRole('button', { name: '关闭订单' }));
    await waitFor(() => expect(isLoading(screen.getByRole('button', { name: '关闭订单' }))).toBe(true));
    close.release();
    await screen.findByText('订单已关闭');
    expect(bff.callsTo(`POST /v1/orders/${NO_1}/close`)).toHaveLength(1);

    fireEvent.click(buyButton('免密支付 ¥12.00'));
    await waitFor(() => expect(orderCalls()).toHaveLength(2));
    const [first, second] = orderCalls();
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
  });

  it('支付未完成 → 重新支付 is a new attempt: new key, the sheet opens again', async () => {
    signedUser();
    bff.sequence('POST /v1/orders', [
      { status: 201, body: created(NO_1, 'PASSWORD_FREE') },
      { status: 201, body: created(NO_2, 'PASSWORD_FREE') },
    ]);
    bff.on(orderPath(NO_1), { status: 200, body: orderView(NO_1, 'CREATED', 'PASSWORD_FREE') });
    sheetEnds('cancel');
    fireEvent.click(await ready('免密支付 ¥12.00'));
    await screen.findByText('支付未完成');

    fireEvent.click(screen.getByRole('button', { name: '重新支付' }));
    await waitFor(() => expect(Taro.requestPayment).toHaveBeenCalledTimes(2));
    const [first, second] = orderCalls();
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
    expect(vi.mocked(Taro.requestPayment).mock.calls[1]?.[0].package).toBe(`prepay_id=wx${NO_2}`);
  });

  it('a failed order creation: its copy and 重试, which resends the same key and body', async () => {
    signedUser();
    bff.sequence('POST /v1/orders', [
      errorReply(503, 'UPSTREAM_UNAVAILABLE'),
      { status: 201, body: created(NO_1, 'PASSWORD_FREE') },
    ]);
    fireEvent.click(await ready('免密支付 ¥12.00'));
    await screen.findByText('微信支付暂时不可用，请稍后再试');
    expect(Taro.requestPayment).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await waitFor(() => expect(Taro.requestPayment).toHaveBeenCalledTimes(1));
    const [first, second] = orderCalls();
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey);
    expect(second?.body).toEqual(first?.body);
  });

  it('确认中 when the sheet said paid but the order stays CREATED; 刷新 asks again → 支付成功', async () => {
    signedUser();
    bff.on('POST /v1/orders', { status: 201, body: created(NO_1, 'PASSWORD_FREE') });
    bff.sequence(orderPath(NO_1), [
      ...ORDER_BACKOFF_MS.success.map(() => ({
        status: 200,
        body: orderView(NO_1, 'CREATED', 'PASSWORD_FREE'),
      })),
      { status: 200, body: orderView(NO_1, 'PAID', 'PASSWORD_FREE') },
    ]);
    sheetEnds('success');
    fireEvent.click(await ready('免密支付 ¥12.00'));

    await screen.findByText('确认中');
    // Nothing new may start while the outcome of a payment is unknown.
    expect(isDisabled(buyButton('免密支付 ¥12.00'))).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '刷新' }));
    await screen.findByText('支付成功');
    expect(bff.callsTo(orderPath(NO_1))).toHaveLength(ORDER_BACKOFF_MS.success.length + 1);
  });

  it('a refused password-free payment says so and completes the ordinary one (pay_mode NORMAL, new key)', async () => {
    signedUser();
    bff.sequence('POST /v1/orders', [
      { status: 201, body: created(NO_1, 'PASSWORD_FREE') },
      { status: 201, body: created(NO_2, 'NORMAL', false) },
    ]);
    bff.on(orderPath(NO_2), { status: 200, body: orderView(NO_2, 'PAID', 'NORMAL') });
    sheetEnds({ fail: 'requestPayment:fail PASSWORD_FREE_REFUSED 免密支付未成功' });
    fireEvent.click(await ready('免密支付 ¥12.00'));

    await screen.findByText('免密支付未成功');
    expect(bff.callsTo(orderPath(NO_1))).toHaveLength(0);
    sheetEnds('success');
    fireEvent.click(screen.getByRole('button', { name: '使用微信支付' }));

    await screen.findByText('支付成功');
    const [first, second] = orderCalls();
    expect(second?.body).toEqual({ product_id: 'coffee', pay_mode: 'NORMAL' });
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
    expect(screen.queryByText('免密')).toBeNull();
  });
});
