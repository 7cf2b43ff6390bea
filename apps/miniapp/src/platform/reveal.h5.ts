/**
 * h5: scroll the element into view (a payment's outcome below the products, after the reload from
 * the payment page). Taro's H5 elements attach after React's commit, so the lookup waits a frame.
 */
export function revealById(id: string): void {
  setTimeout(() => {
    const el = document.getElementById(id);
    if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' });
  }, 16);
}
