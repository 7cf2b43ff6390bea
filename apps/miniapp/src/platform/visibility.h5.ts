/**
 * h5: Taro's useDidShow fires on route changes only, not when the user comes back to the browser
 * tab (e.g. after terminating elsewhere); `visibilitychange` does. Returns the unsubscribe.
 */
export function onBrowserTabVisible(fn: () => void): () => void {
  const listener = () => {
    if (document.visibilityState === 'visible') fn();
  };
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}
