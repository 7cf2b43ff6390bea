/**
 * h5: move keyboard focus to an element (a dialog's first control once it opens). Taro's H5
 * elements attach after React's commit, so the lookup waits a frame.
 */
export function focusById(id: string): void {
  setTimeout(() => {
    const el = document.getElementById(id);
    if (el && typeof el.focus === 'function') el.focus();
  }, 16);
}
