import { errorCopy } from '../copy/error-copy';
import type { ApiError } from '../services/api-error';

/** What a message's button does; the page maps each to its handler. */
export type MessageAction =
  | 'retrySession'
  | 'reloadStatus'
  | 'refreshReturn'
  | 'retryPresign'
  | 'retryLaunch';

/** The one message the page shows at a time. */
export interface PageMessage {
  tone: 'info' | 'warning' | 'success' | 'error';
  /** What happened, in a few words (the result's title). */
  text: string;
  /** What it means for the user, when the title alone does not say. */
  desc?: string;
  /** A request is running for it (the confirmation after return): drawn with progress. */
  progress?: boolean;
  action?: { label: '重试' | '刷新'; run: MessageAction; busy: boolean };
  /** 「关闭」: only the return's outcome can be put away. */
  dismissible: boolean;
}

export function failureMessage(error: ApiError, run?: MessageAction, busy = false): PageMessage {
  return {
    tone: 'error',
    text: errorCopy(error.code),
    ...(run ? { action: { label: '重试', run, busy } } : {}),
    dismissible: false,
  };
}
