import type { Locator } from 'playwright-core';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * An element's box relative to the mini program's page root (`.kit-root`): the page scrolls a
 * payment's progress into view (the window or Taro's page container), which must not count as
 * the layout moving.
 */
export function contentBox(locator: Locator): Promise<Box> {
  return locator.evaluate((el) => {
    const root = el.closest('.kit-root') ?? document.documentElement;
    const [r, o] = [el.getBoundingClientRect(), root.getBoundingClientRect()];
    return { x: r.x - o.x, y: r.y - o.y, width: r.width, height: r.height };
  });
}
