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
  const shot = await screenshot(page, `state-${name}-${scheme}`);
  mkdirSync(GALLERY, { recursive: true });
  copyFileSync(shot, join(GALLERY, `${name}-${scheme}.png`));
}
