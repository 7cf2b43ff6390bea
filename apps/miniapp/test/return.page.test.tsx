import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { clock } from '../src/lib/clock';
import IndexPage from '../src/pages/index/index';
import { BACKOFF_MS } from '../src/return/confirm';
import { handleAppShow } from '../src/return/return-handler';
import { returnStore } from '../src/return/return-store';
import { bff, contract, HOUR, presign, session } from './support/fake-bff';
import { expectOpenEnabled } from './support/page';
import { back, CODE, NOW, pendingAttempt, SUCCESS, statusPath } from './support/signing-return';
import { emitAppShow } from './support/taro.mock';

describe('return handling on the page', () => {
  beforeEach(() => {
    clock.now = () => NOW;
    clock.sleep = async () => {};
    bff.on('POST /v1/session', session('tok-1', NOW));
    bff.on('POST /v1/contracts/pre-sign', { status: 200, body: presign('1', NOW + 2 * HOUR) });
  });

  it('warm return via onAppShow: 开通成功 and the status turns 已开通', async () => {
    bff.sequence('GET /v1/contracts/current', [
      { status: 200, body: contract(CODE, 'PRESIGNED') },
      {
        status: 200,
        body: contract(CODE, 'SIGNED', { signed_at: '2026-11-28T02:00:30Z', contract_id: 'C1' }),
      },
    ]);
    bff.sequence(statusPath, [
      { status: 200, body: contract(CODE, 'PRESIGNED') },
      {
        status: 200,
        body: contract(CODE, 'SIGNED', { signed_at: '2026-11-28T02:00:30Z', contract_id: 'C1' }),
      },
    ]);
    const { registerReturnHandling } = await import('../src/return/return-handler');
    registerReturnHandling();
    render(<IndexPage />);
    await waitFor(() => expectOpenEnabled(true));

    fireEvent.click(screen.getByRole('button', { name: '开通免密支付' }));
    emitAppShow(back(SUCCESS));

    await screen.findByText('开通成功');
    await screen.findByText('已开通');
    expect(screen.getByText('协议编号')).toBeTruthy();
    expect(screen.getByText('C1')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '开通免密支付' })).toBeNull();
    // The status can say SIGNED before the confirmation's own GET answers: let that GET finish
    // here, or it lands on the next test's scripted replies (seen: 开通成功 instead of 确认中).
    await waitFor(() => expect(returnStore.get().kind).toBe('signed'));
  });

  it('确认中 offers 刷新, which asks the BFF again', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: contract(CODE, 'PRESIGNED') });
    bff.sequence(statusPath, [
      ...BACKOFF_MS.SUCCESS.map(() => ({ status: 200, body: contract(CODE, 'PRESIGNED') })),
      { status: 200, body: contract(CODE, 'SIGNED', { signed_at: '2026-11-28T02:01:00Z' }) },
    ]);
    pendingAttempt();
    render(<IndexPage />);
    void handleAppShow(back(SUCCESS));

    await screen.findByText('确认中');
    fireEvent.click(screen.getByRole('button', { name: '刷新' }));
    await screen.findByText('开通成功');
    expect(bff.callsTo(statusPath)).toHaveLength(BACKOFF_MS.SUCCESS.length + 1);
  });

  it('未完成 leaves the user able to try again', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: contract(CODE, 'PRESIGNED') });
    bff.on(statusPath, { status: 200, body: contract(CODE, 'PRESIGNED') });
    pendingAttempt();
    render(<IndexPage />);
    void handleAppShow(back());

    await screen.findByText('未完成开通');
    await waitFor(() => expectOpenEnabled(true));
    fireEvent.click(screen.getByText('关闭'));
    expect(screen.queryByText('未完成开通')).toBeNull();
  });
});
