import type { ContractView } from '@kit/contract-types/types';
import { errorCopy } from '../copy/error-copy';
import type { ReturnState } from '../return/return-store';
import type { ContractSlice } from './contract.slice';
import { failureMessage, type PageMessage } from './page-message';

/** A control as the user sees it; a disabled one ignores taps. */
export interface Control {
  enabled: boolean;
  busy: boolean;
}

export type StatusView =
  | { kind: 'unknown' }
  | { kind: 'none' }
  | { kind: 'signed'; contract: ContractView; terminate: Control }
  | { kind: 'terminated'; contract: ContractView };

/** The terminate confirmation (a half-screen dialog); `confirm` is busy while the request runs. */
export interface TerminateDialogView {
  open: boolean;
  confirm: Control;
}

export interface ContractPageView {
  status: StatusView;
  terminateDialog: TerminateDialogView;
  /** 「开通免密支付」; undefined = not offered (already signed). */
  open: Control | undefined;
  message: PageMessage | undefined;
  /** Whether a pre-sign should be held ready for the tap. */
  wantsPresign: boolean;
  /** The contract is changing (a jump, a terminate, a return being confirmed): no purchase starts. */
  changing: boolean;
}

const IDLE: ReturnState = { kind: 'idle' };
const TAP_AGAIN = '可再次点击「开通免密支付」';

/**
 * The return as the page tells it once the status may have overtaken it: a signed status settles
 * any confirmation still running (开通成功 if it is this contract), and a contract terminated since
 * leaves nothing to say about having signed it.
 */
function returnOutcome(ret: ReturnState, status: ContractView | null | undefined): ReturnState {
  if (ret.kind === 'idle' || !status) return ret;
  const same = status.out_contract_code === ret.code;
  if (status.state === 'SIGNED') return same ? { kind: 'signed', code: ret.code, contract: status } : IDLE;
  if (status.state === 'TERMINATED' && same) return IDLE;
  return ret;
}

/** Still waiting to learn whether the user signed: nothing else may start meanwhile. */
const isUnresolved = (ret: ReturnState): boolean =>
  ret.kind === 'confirming' || ret.kind === 'pending' || ret.kind === 'error';

function returnMessage(ret: ReturnState): PageMessage | undefined {
  const refresh = (busy: boolean) => ({ label: '刷新' as const, run: 'refreshReturn' as const, busy });
  switch (ret.kind) {
    case 'idle':
      return undefined;
    case 'confirming':
      return {
        tone: 'info',
        text: '正在确认开通结果…',
        desc: '正在向微信支付查询，请稍候',
        progress: true,
        dismissible: false,
      };
    case 'pending':
      return {
        tone: 'warning',
        text: '确认中',
        desc: '微信支付尚未返回结果，请稍后刷新',
        action: refresh(ret.refreshing === true),
        dismissible: true,
      };
    case 'error':
      return {
        tone: 'error',
        text: errorCopy(ret.error.code),
        action: refresh(ret.refreshing === true),
        dismissible: true,
      };
    case 'signed':
      return {
        tone: 'success',
        text: '开通成功',
        desc: '付款时将自动扣款，无需输入支付密码',
        dismissible: true,
      };
    case 'not_completed':
      return { tone: 'info', text: '未完成开通', desc: TAP_AGAIN, dismissible: true };
  }
}

function statusView(c: ContractSlice): StatusView {
  const contract = c.status.value;
  if (contract === undefined) return { kind: 'unknown' };
  if (contract?.state === 'SIGNED') {
    const terminating = c.action.kind === 'terminating';
    const asking = c.action.kind === 'askingTerminate';
    return { kind: 'signed', contract, terminate: { enabled: !terminating && !asking, busy: terminating } };
  }
  if (contract?.state === 'TERMINATED') return { kind: 'terminated', contract };
  // No contract, or (from an older BFF) a pre-sign that was never signed.
  return { kind: 'none' };
}

/**
 * Priority, one message only: the user's failed or cancelled tap, then an unresolved return (it blocks the
 * button), then failures to load, then the settled outcome of the return.
 */
function contractMessage(c: ContractSlice, ret: ReturnState, wantsPresign: boolean): PageMessage | undefined {
  if (c.action.kind === 'failed') {
    return c.action.of === 'launch'
      ? failureMessage(c.action.error, 'retryLaunch')
      : failureMessage(c.action.error);
  }
  if (c.action.kind === 'cancelled') {
    return { tone: 'info', text: '已取消开通', desc: TAP_AGAIN, dismissible: true };
  }
  if (isUnresolved(ret)) return returnMessage(ret);
  if (c.status.error) return failureMessage(c.status.error, 'reloadStatus', c.status.busy);
  if (wantsPresign && c.presign.error) return failureMessage(c.presign.error, 'retryPresign', c.presign.busy);
  return returnMessage(ret);
}

export function contractView(c: ContractSlice, sessionReady: boolean): ContractPageView {
  const status = statusView(c);
  const ret = returnOutcome(c.ret, c.status.value);
  const wantsPresign =
    sessionReady && status.kind !== 'unknown' && status.kind !== 'signed' && !isUnresolved(ret);
  const launching = c.action.kind === 'launching';
  const open: Control | undefined =
    status.kind === 'signed'
      ? undefined
      : {
          enabled: wantsPresign && c.presign.value !== undefined && !launching,
          // A retry shows its progress on the message's 重试 instead.
          busy: launching || (c.presign.busy && !c.presign.error),
        };
  const terminating = c.action.kind === 'terminating';
  const terminateDialog: TerminateDialogView = {
    open: status.kind === 'signed' && (c.action.kind === 'askingTerminate' || terminating),
    confirm: { enabled: !terminating, busy: terminating },
  };
  const changing = launching || terminating || c.action.kind === 'askingTerminate' || isUnresolved(ret);
  const message = contractMessage(c, ret, wantsPresign);
  return { status, terminateDialog, open, message, wantsPresign, changing };
}
