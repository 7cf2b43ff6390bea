import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, newPhonePage, type PhoneOptions, screenshot } from './browser.js';
import { Stack } from './stack.js';

/**
 * One stack and one browser per test file; each test opens its own context (a fresh mini program
 * install, i.e. a new simulated user) and gets a screenshot plus the stack's last log lines on failure.
 */
export function useStack(options: Parameters<Stack['start']>[0] = {}) {
  const suite = {} as {
    stack: Stack;
    browser: Browser;
    page: Page;
    newPage: (phone?: PhoneOptions) => Promise<Page>;
  };
  suite.newPage = async (phone) => {
    suite.page = await newPhonePage(suite.browser, phone);
    return suite.page;
  };
  beforeAll(async () => {
    suite.stack = await new Stack().start(options);
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.stack?.stop();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && suite.page) {
      console.log(`screenshot on failure: ${await screenshot(suite.page, `FAILED-${ctx.task.name}`)}`);
      console.log(suite.stack.logs().split('\n').slice(-40).join('\n'));
    }
    await suite.page?.context().close();
  });
  return suite;
}
