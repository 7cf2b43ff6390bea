import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clock } from '../src/lib/clock';
import { formatDateTime } from '../src/lib/format';
import IndexPage from '../src/pages/index/index';
import { bff, contract, errorReply, HOUR, presign, session } from './support/fake-bff';
import { expectOpenEnabled } from './support/page';
import Taro from './support/taro.mock';

const NOW = Date.parse('2026-11-28T02:00:00Z');
const SIGNED_AT = '2026-11-27T08:30:00Z';
const signed = contract('occ1', 'SIGNED', { signed_at: SIGNED_AT, contract_id: 'C100' });

describe('status and terminate', () => {
  beforeEach(() => {
    clock.now = () => NOW;
    bff.on('POST /v1/session', session('tok-1', NOW));
    bff.on('POST /v1/contracts/pre-sign', { status: 200, body: presign('2', NOW + 2 * HOUR) });
  });

  it('shows 已开通 since …, the details, and no open button for a signed contract', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: signed });
    render(<IndexPage />);
    await screen.findByText(`已开通 · ${formatDateTime(SIGNED_AT)} 开通`);
    expect(screen.getByText('扣款账户：测试账户')).toBeTruthy();
    expect(screen.getByText('协议编号：C100')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '开通免密支付' })).toBeNull();
    expect(bff.callsTo('POST /v1/contracts/pre-sign')).toHaveLength(0);
  });

  it('「解约」 with confirm: terminates, shows 已解约 and offers opening again', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: signed });
    bff.on('POST /v1/contracts/occ1/terminate', {
      status: 200,
      body: contract('occ1', 'TERMINATED', {
        terminated_at: '2026-11-28T02:00:00Z',
        termination_mode: 'USER',
      }),
    });
    render(<IndexPage />);
    fireEvent.click(await screen.findByRole('button', { name: '解约' }));

    await screen.findByText(`已解约 · ${formatDateTime('2026-11-28T02:00:00Z')}`);
    expect(Taro.showModal).toHaveBeenCalledTimes(1);
    expect(vi.mocked(Taro.showModal).mock.calls[0]?.[0]).toMatchObject({ confirmText: '解约' });
    expect(bff.callsTo('POST /v1/contracts/occ1/terminate')).toHaveLength(1);
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '已解约', icon: 'success' });
    await waitFor(() => expectOpenEnabled(true));
  });

  it('「解约」 cancelled in the modal: nothing is sent, still 已开通', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: signed });
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<IndexPage />);
    fireEvent.click(await screen.findByRole('button', { name: '解约' }));

    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1));
    expect(bff.callsTo('POST /v1/contracts/occ1/terminate')).toHaveLength(0);
    expect(screen.getByText(/^已开通/)).toBeTruthy();
  });

  it('a failed terminate shows its copy and keeps the contract 已开通', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: signed });
    bff.on('POST /v1/contracts/occ1/terminate', errorReply(502, 'UPSTREAM_REJECTED'));
    render(<IndexPage />);
    fireEvent.click(await screen.findByRole('button', { name: '解约' }));

    await screen.findByText('微信支付拒绝了本次请求，请稍后再试');
    expect(screen.getByText(/^已开通/)).toBeTruthy();
  });

  it('a failed status load offers retry', async () => {
    bff.sequence('GET /v1/contracts/current', [
      errorReply(503, 'UPSTREAM_UNAVAILABLE'),
      { status: 200, body: signed },
    ]);
    render(<IndexPage />);
    await screen.findByText('微信支付暂时不可用，请稍后再试');
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await screen.findByText(/^已开通/);
    expect(screen.queryByText('微信支付暂时不可用，请稍后再试')).toBeNull();
  });
});
