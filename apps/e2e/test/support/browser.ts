import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { repoRoot } from './stack.js';

export const SCREENSHOT_DIR = join(repoRoot, 'apps/e2e/test-results/screenshots');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium (scripts/ensure-chromium.sh installs it); a test tool's own download cannot work here. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: FLAGS });
}

export interface PhoneOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

const dialogAnswers = new WeakMap<Page, 'accept' | 'dismiss'>();

/**
 * How the page's next browser dialogs are answered: the H5 preview asks before leaving for the
 * signing page, as WeChat does before opening another mini program (`dismiss` = 取消).
 */
export function answerDialogs(page: Page, answer: 'accept' | 'dismiss'): void {
  dialogAnswers.set(page, answer);
}

/** A phone-sized page (390×844 CSS px), as the mini program is meant to be seen; dialogs accepted. */
export async function newPhonePage(browser: Browser, options: PhoneOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 390, height: 844 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    void (dialogAnswers.get(page) === 'dismiss' ? dialog.dismiss() : dialog.accept());
  });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
