/** weapp: the page's onShow (useDidShow) already covers coming back; nothing more to listen to. */
export function onBrowserTabVisible(_fn: () => void): () => void {
  return () => {};
}
