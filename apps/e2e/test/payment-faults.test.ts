import { until } from '@kit/test-support';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveriesOf, orderEvents, paymentNotifications } from './support/bff-records.js';
import { postTransactionSuccess, simTransaction } from './support/notifications.js';
import { buyAndReachPayPage, enterPassword, orderReaches, signContract } from './support/payment.js';
import { backOnPreview, button, openMiniProgram } from './support/preview.js';
import { useStack } from './support/suite.js';

const suite = useStack();
let page: Page;

const back = () => backOnPreview(page, suite.stack.previewUrl);
const faults = (body: unknown) => suite.stack.simControl('/sim/faults', body);

describe('payments through faults in the H5 preview (issue 13)', () => {
  afterEach(async () => {
    await suite.stack.simControl('/sim/faults', undefined, 'DELETE');
    // A scenario that failed while the BFF was down must not take the next one with it.
    const { child } = suite.stack.bff;
    if (child.exitCode !== null || child.signalCode !== null) await suite.stack.startBff();
  });

  it('(d) the BFF SIGKILLed between requestPayment and the notification, then restarted: PAID once', async () => {
    page = await suite.newPage();
    await openMiniProgram(page, suite.stack.previewUrl);
    await signContract(page, suite.stack.previewUrl);
    // Held back long enough for the kill below to land first, so it reaches a dead BFF.
    await faults({ target: 'transaction_notifications', kind: 'delay', delay_ms: 3_000 });
    const prepayId = await buyAndReachPayPage(page, '免密支付');
    const { out_trade_no } = await orderReaches(suite.stack, prepayId, 'CREATED');
    await page.getByTestId('pay').click();
    await suite.stack.killBff();
    await back();
    // Back on a dead BFF the page can only say so; nobody asks the order query meanwhile.
    await page.getByText('微信支付暂时不可用，请稍后再试').waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => (await deliveriesOf(suite.stack, { out_trade_no }))[0]?.attempts.length ?? 0, {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await suite.stack.startBff();
    // WeChat Pay's retry is due 15 s after the failed try: skip the wait rather than sleep through it.
    await suite.stack.simControl('/sim/clock', { advance_seconds: 30 });
    await expect
      .poll(async () => (await deliveriesOf(suite.stack, { out_trade_no })).map((d) => d.status), {
        timeout: 20_000,
      })
      .toEqual(['delivered']);

    const [delivery] = await deliveriesOf(suite.stack, { out_trade_no });
    expect(delivery?.event_type).toBe('TRANSACTION.SUCCESS');
    expect(delivery?.attempts[0]?.status).toBeUndefined();
    expect(delivery?.attempts[0]?.error).toBeTruthy();
    expect(delivery?.attempts.at(-1)?.status).toBe(204);
    // The retried notification applied the payment — the query fallback would say 'query'.
    expect(orderEvents(suite.stack, out_trade_no)).toEqual([
      {
        from_state: 'CREATED',
        to_state: 'PAID',
        source: 'notification',
        notification_id: delivery?.notification_id,
      },
    ]);
    expect(paymentNotifications(suite.stack, out_trade_no)).toEqual([
      { id: delivery?.notification_id, outcome: 'applied' },
    ]);

    await button(page, '刷新').click();
    await page.getByText('支付成功').waitFor({ timeout: 15_000 });
    expect((await orderReaches(suite.stack, prepayId, 'PAID')).pay_mode).toBe('PASSWORD_FREE');
    expect(orderEvents(suite.stack, out_trade_no)).toHaveLength(1);
  });

  it('(g) a correctly signed TRANSACTION.SUCCESS with a changed amount leaves the order CREATED', async () => {
    page = await suite.newPage();
    await openMiniProgram(page, suite.stack.previewUrl);
    await faults({ target: 'transaction_notifications', kind: 'drop' });
    // The BFF must not learn the real payment through the order query before the forged one lands.
    await faults({ target: 'query_order', kind: 'system_error', count: 100 });
    const prepayId = await buyAndReachPayPage(page, '微信支付');
    await enterPassword(page);
    await page.getByTestId('offer-decline').click();
    await back();
    await page.getByText('确认中', { exact: true }).waitFor({ timeout: 30_000 });
    const genuine = await simTransaction(suite.stack, prepayId);
    expect(genuine.trade_state).toBe('SUCCESS');
    const { out_trade_no } = genuine;
    expect((await deliveriesOf(suite.stack, { out_trade_no })).map((d) => d.status)).toEqual(['dropped']);

    const total = genuine.amount.total + 1;
    const forged = { ...genuine, amount: { ...genuine.amount, total, payer_total: total } };
    const { id, status } = await postTransactionSuccess(suite.stack, forged);
    expect(status).toBe(204);
    expect(paymentNotifications(suite.stack, out_trade_no)).toEqual([{ id, outcome: 'mismatch' }]);
    expect((await orderReaches(suite.stack, prepayId, 'CREATED')).state).toBe('CREATED');
    expect(orderEvents(suite.stack, out_trade_no)).toEqual([]);
    // The BFF writes its log asynchronously: the line may land a moment after the 204.
    const logged = new RegExp(
      `"outTradeNo":"${out_trade_no}"[^\\n]*payment notification does not match the order`,
    );
    await until(
      'the mismatch log line',
      async () => (logged.test(suite.stack.bff.output()) ? true : undefined),
      5_000,
      50,
    );
    await button(page, '刷新').click();
    await page.getByText('确认中', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('支付成功').count()).toBe(0);
    expect((await orderReaches(suite.stack, prepayId, 'CREATED')).state).toBe('CREATED');
  });
});
