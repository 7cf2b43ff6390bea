/**
 * Time, injected: tests replace these members to run back-off and expiry logic without waiting.
 */
export const clock = {
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
  /** Schedules `fn` after `ms`; returns the cancel function. */
  setTimer: (fn: () => void, ms: number): (() => void) => {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
};
