/**
 * Taro's H5 elements attach after React's commit and draw their content a little later, so the
 * page is not yet as tall as it will be: scroll once at once and again once it has settled.
 */
const ATTEMPTS_MS = [16, 250];

/** h5: scroll the element to the top of the view (a payment's outcome below the products). */
export function revealById(id: string): void {
  for (const ms of ATTEMPTS_MS) {
    setTimeout(() => {
      const el = document.getElementById(id);
      if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'start' });
    }, ms);
  }
}
