import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no type declarations
import { render, renderTheme } from '../scripts/weui-subset.mjs';

const src = join(__dirname, '../src');

describe('WeUI subset (the design tokens come from the weui package, not hand-tuned)', () => {
  it('the committed stylesheet and theme.json are what the installed weui package produces', () => {
    expect(readFileSync(join(src, 'styles/weui.subset.css'), 'utf8')).toBe(render());
    expect(readFileSync(join(src, 'theme.json'), 'utf8')).toBe(renderTheme());
  });

  it('carries a dark theme under prefers-color-scheme and the AA-safe fill colours', () => {
    const css = render();
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)[\s\S]*--weui-BG-0: #111;/);
    expect(css).toContain('--kit-fixed-BRAND-80: #059a4c;');
    expect(css).toContain('--kit-fixed-RED-80: #c84040;');
  });

  it('no colour literal in the hand-written styles: every colour is a WeUI token', () => {
    for (const file of ['base.css', 'button.css', 'cell.css', 'msg.css', 'dialog.css', 'loading.css']) {
      const css = readFileSync(join(src, 'styles', file), 'utf8');
      expect(css, file).not.toMatch(/#[0-9a-f]{3,6}\b|rgba?\(/i);
    }
  });
});
