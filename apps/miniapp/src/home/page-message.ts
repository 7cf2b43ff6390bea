import { errorCopy } from '../copy/error-copy';
import type { ApiError } from '../services/api-error';

/** What a message's button does; the page maps each to its handler. */
export type MessageAction =
  | 'retrySession'
  | 'reloadStatus'
  | 'refreshReturn'
  | 'retryPresign'
  | 'retryLaunch'
  | 'reloadProducts'
  | 'retryOrder'
  | 'refreshOrder'
  | 'closeOrder'
  | 'payAgain'
  | 'payNormal';

export interface MessageButton {
  label: '重试' | '刷新' | '关闭订单' | '重新支付' | '使用微信支付';
  run: MessageAction;
  busy: boolean;
}

/** One line of a result's figures (金额, 支付时间). */
export interface MessageDetail {
  label: string;
  value: string;
}

/** The one message the page shows at a time. */
export interface PageMessage {
  tone: 'info' | 'warning' | 'success' | 'error';
  /** What happened, in a few words (the result's title). */
  text: string;
  /** What it means for the user, when the title alone does not say. */
  desc?: string;
  /** A request is running for it (the confirmation after return): drawn with progress. */
  progress?: boolean;
  action?: MessageButton;
  /** A second choice beside the action (支付未完成: 重新支付 and 关闭订单). */
  secondary?: MessageButton;
  /** A badge beside the title (免密 on a password-free payment). */
  badge?: string;
  details?: MessageDetail[];
  /** 「关闭」: only a settled outcome can be put away. */
  dismissible: boolean;
  /** Whose outcome it is, so 「关闭」 puts away the right one. */
  owner?: 'signing' | 'payment';
}

export function failureMessage(error: ApiError, run?: MessageAction, busy = false): PageMessage {
  return {
    tone: 'error',
    text: errorCopy(error.code),
    ...(run ? { action: { label: '重试', run, busy } } : {}),
    dismissible: false,
  };
}
