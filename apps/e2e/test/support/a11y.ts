import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** axe-core's own bundle, injected into the page as a script (no network, no wrapper package). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core over the page as it is now (WCAG 2.x A/AA and best practices): serious and critical only. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    type Result = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } }).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')),
      }));
  });
}

export interface ControlBox {
  name: string;
  width: number;
  height: number;
}

/** Every visible control (role=button) with its accessible text and its box in CSS px. */
export function controls(page: Page): Promise<ControlBox[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[role="button"]'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0)
      .map(({ el, r }) => ({
        name: el.getAttribute('aria-label') || (el.textContent ?? '').trim(),
        width: r.width,
        height: r.height,
      })),
  );
}

/** Presses Tab until focus is on the control named `name` (by its text); false if it never is. */
export async function tabTo(page: Page, name: string, maxPresses = 20): Promise<boolean> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.getAttribute('role') === 'button' ? (el.textContent ?? '').trim() : null;
    });
    if (focused === name) return true;
  }
  return false;
}

/** Elements wider than the viewport or cut off by their own box: what 200 % zoom must not produce. */
export function overflowing(page: Page): Promise<{ page: boolean; elements: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const elements = Array.from(document.querySelectorAll('body *'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        const style = getComputedStyle(el);
        if (style.position === 'fixed' || el.closest('[aria-hidden="true"]')) return false;
        const clipsX = el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible';
        return r.right > width + 1 || r.left < -1 || clipsX;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ').join('.')}`);
    return { page: root.scrollWidth > width, elements };
  });
}
