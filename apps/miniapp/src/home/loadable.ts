import type { ApiError } from '../services/api-error';

/**
 * Something the page asks the BFF for. `busy` while a request runs; the last failure stays until the
 * next answer, so a retry shows progress instead of making its message vanish. `rev` counts
 * requests and authoritative updates: an answer to an older request is dropped.
 */
export interface Loadable<T> {
  value: T | undefined;
  busy: boolean;
  error: ApiError | undefined;
  rev: number;
}

export const initialLoadable = <T>(): Loadable<T> => ({
  value: undefined,
  busy: false,
  error: undefined,
  rev: 0,
});

export const started = <T>(l: Loadable<T>, keepValue: boolean): Loadable<T> => ({
  value: keepValue ? l.value : undefined,
  busy: true,
  error: l.error,
  rev: l.rev + 1,
});

export const answered = <T>(l: Loadable<T>, rev: number, value: T): Loadable<T> =>
  rev === l.rev ? { value, busy: false, error: undefined, rev } : l;

export const failed = <T>(l: Loadable<T>, rev: number, error: ApiError): Loadable<T> =>
  rev === l.rev ? { value: l.value, busy: false, error, rev } : l;

/** A value known from elsewhere (a confirmed return, a terminate answer): requests in flight are outdated. */
export const replaced = <T>(l: Loadable<T>, value: T): Loadable<T> => ({
  value,
  busy: false,
  error: undefined,
  rev: l.rev + 1,
});

/** Not wanted any more: forgotten, and any answer still on its way is dropped. */
export const dropped = <T>(l: Loadable<T>): Loadable<T> => ({ ...initialLoadable<T>(), rev: l.rev + 1 });
