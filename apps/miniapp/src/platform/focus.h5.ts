/**
 * h5: keyboard focus for the page's dialogs. Taro's H5 elements attach after React's commit, so
 * lookups wait a frame.
 */
export function focusById(id: string): void {
  setTimeout(() => {
    const el = document.getElementById(id);
    if (el && typeof el.focus === 'function') el.focus();
  }, 16);
}

const FOCUSABLE = '[tabindex]:not([tabindex="-1"]), a[href], input, select, textarea, button';

/**
 * Keeps Tab and Shift+Tab cycling inside the element `id` and gives Escape to `onEscape`, until the
 * returned release is called. Listens on the document, so focus that drifted out (a click on the
 * dialog's text) is pulled back in by the next Tab.
 */
export function trapFocus(id: string, onEscape: () => void): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onEscape();
      return;
    }
    if (e.key !== 'Tab') return;
    const container = document.getElementById(id);
    if (!container) return;
    const items = Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) return;
    e.preventDefault();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const step = e.shiftKey ? -1 : 1;
    // From outside the dialog, Tab enters at the first control and Shift+Tab at the last.
    const next = at === -1 ? (e.shiftKey ? items.length - 1 : 0) : (at + step + items.length) % items.length;
    items[next]?.focus();
  };
  document.addEventListener('keydown', onKeyDown, true);
  return () => document.removeEventListener('keydown', onKeyDown, true);
}
