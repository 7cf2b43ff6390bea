import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { clock } from '../src/lib/clock';
import { formatDateTime } from '../src/lib/format';
import IndexPage from '../src/pages/index/index';
import { bff, contract, errorReply, HOUR, presign, session } from './support/fake-bff';
import { answerTerminateDialog, expectOpenEnabled } from './support/page';

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
    await screen.findByText('已开通');
    // Regression (issue 16): 「已开通 · … 开通」 said 开通 twice.
    expect(screen.getByText(`自 ${formatDateTime(SIGNED_AT)} 起`)).toBeTruthy();
    expect(screen.getByText('扣款账户')).toBeTruthy();
    expect(screen.getByText('测试账户')).toBeTruthy();
    expect(screen.getByText('协议编号')).toBeTruthy();
    expect(screen.getByText('C100')).toBeTruthy();
    // The intro no longer says 「开通后」 once open.
    expect(screen.queryByText(/^开通后/)).toBeNull();
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
    await answerTerminateDialog('解约');

    await screen.findByText(`${formatDateTime('2026-11-28T02:00:00Z')} 解约`);
    expect(screen.getByText('已解约')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bff.callsTo('POST /v1/contracts/occ1/terminate')).toHaveLength(1);
    await waitFor(() => expectOpenEnabled(true));
  });

  it('「解约」 cancelled in the dialog: nothing is sent, still 已开通', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: signed });
    render(<IndexPage />);
    await answerTerminateDialog('再想想');

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bff.callsTo('POST /v1/contracts/occ1/terminate')).toHaveLength(0);
    expect(screen.getByText('已开通')).toBeTruthy();
  });

  it('regression: a double tap on 解约 opened and at once cancelled the dialog', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: signed });
    render(<IndexPage />);
    fireEvent.click(await screen.findByRole('button', { name: '解约免密支付' }));
    const dialog = await screen.findByRole('dialog');
    // The second tap of a double tap, within the guard: the dialog stays, nothing is sent.
    fireEvent.click(within(dialog).getByRole('button', { name: '再想想' }));
    fireEvent.click(within(dialog).getByRole('button', { name: '解约' }));
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(bff.callsTo('POST /v1/contracts/occ1/terminate')).toHaveLength(0);
  });

  it('the dialog states the consequence and draws 解约 in warn red', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: signed });
    render(<IndexPage />);
    fireEvent.click(await screen.findByRole('button', { name: '解约免密支付' }));
    const dialog = await screen.findByRole('dialog', { name: '解约免密支付' });
    expect(dialog.getAttribute('aria-describedby')).toBe('terminate-dialog-desc');
    expect(within(dialog).getByText(/解约后，在.*付款时需要输入支付密码/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: '解约' }).className).toContain('weui-btn_warn');
  });

  it('a failed terminate shows its copy and keeps the contract 已开通', async () => {
    bff.on('GET /v1/contracts/current', { status: 200, body: signed });
    bff.on('POST /v1/contracts/occ1/terminate', errorReply(502, 'UPSTREAM_REJECTED'));
    render(<IndexPage />);
    await answerTerminateDialog('解约');

    await screen.findByText('微信支付拒绝了本次请求，请稍后再试');
    expect(screen.getByText('已开通')).toBeTruthy();
  });

  it('a failed status load offers retry', async () => {
    bff.sequence('GET /v1/contracts/current', [
      errorReply(503, 'UPSTREAM_UNAVAILABLE'),
      { status: 200, body: signed },
    ]);
    render(<IndexPage />);
    await screen.findByText('微信支付暂时不可用，请稍后再试');
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await screen.findByText('已开通');
    expect(screen.queryByText('微信支付暂时不可用，请稍后再试')).toBeNull();
  });
});
