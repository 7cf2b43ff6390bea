import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { controls, seriousViolations } from './a11y.js';
import { screenshot } from './browser.js';
import { repoRoot } from './stack.js';

/** Committed gallery (apps/miniapp/README.md shows it). */
export const GALLERY = join(repoRoot, 'apps/miniapp/docs/screenshots');
export const SCHEMES = ['light', 'dark'] as const;

/** Every check a drawn state must pass (axe, 44 px targets), then its screenshot into the gallery. */
export async function checkState(page: Page, name: string, scheme: string): Promise<void> {
  expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
  for (const c of await controls(page)) {
    expect(c.width, `${c.name} width`).toBeGreaterThanOrEqual(44);
    expect(c.height, `${c.name} height`).toBeGreaterThanOrEqual(44);
  }
  const shot = await wholePage(page, () => screenshot(page, `state-${name}-${scheme}`));
  mkdirSync(GALLERY, { recursive: true });
  copyFileSync(shot, join(GALLERY, `${name}-${scheme}.png`));
}

/**
 * Taro's H5 page scrolls inside its own container, so a full-page screenshot is only the screen and
 * a message below the products is cut off: the viewport is made as tall as the page for the shot.
 */
async function wholePage<T>(page: Page, take: () => Promise<T>): Promise<T> {
  const screen = page.viewportSize();
  if (!screen) return take();
  const height = await page.evaluate(() => document.querySelector('.kit-root')?.scrollHeight ?? 0);
  if (height <= screen.height) return take();
  await page.setViewportSize({ width: screen.width, height: Math.ceil(height) });
  try {
    return await take();
  } finally {
    await page.setViewportSize(screen);
  }
}
