import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, relative } from 'node:path';
import { chromium, type Request } from 'playwright-core';
import type { BenchConfig } from './config.js';
import { type PayRoundTrips, payRoundTrips } from './miniapp.pay.bench.js';
import { freePort } from './processes.js';
import type { Stack } from './stack.js';

/** The miniapp's own gate (scripts/check-weapp.mjs) budget: 330 KB. */
export const WEAPP_BUDGET_BYTES = 330 * 1024;

export interface WeappSize {
  totalBytes: number;
  largestFile: string;
  largestBytes: number;
  files: number;
}

export interface RoundTrips {
  /** Requests the page started between the tap and the jump to the signing page. */
  count: number;
  urls: string[];
  /** The page's API calls before the tap (the pre-sign is expected here). */
  apiBeforeTap: string[];
  /** Another new user's pay tap: order answer → requestPayment (miniapp.pay.bench.ts). */
  pay: PayRoundTrips | { notMeasured: string };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Counted like the miniapp's gate: every file of dist/weapp (there are no subpackages). */
export function weappSize(config: BenchConfig): WeappSize | undefined {
  const dir = join(config.repoRoot, 'apps/miniapp/dist/weapp');
  if (!existsSync(join(dir, 'app.json'))) return undefined;
  const sizes = listFiles(dir).map((f) => ({ file: relative(dir, f), bytes: statSync(f).size }));
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '-', bytes: 0 });
  return {
    totalBytes: sizes.reduce((n, s) => n + s.bytes, 0),
    largestFile: largest.file,
    largestBytes: largest.bytes,
    files: sizes.length,
  };
}

/** The H5 bundle takes the BFF/simulator URLs and the appid at build time (TARO_APP_*), as in apps/e2e. */
function buildH5(config: BenchConfig, env: Record<string, string>): void {
  const cwd = join(config.repoRoot, 'apps/miniapp');
  const result = spawnSync(join(cwd, 'node_modules/.bin/taro'), ['build', '--type', 'h5'], {
    cwd,
    env: { ...config.inheritedEnv, ...env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`taro build --type h5 failed\n${result.stdout}\n${result.stderr}`);
}

/**
 * Opens the H5 preview in Chromium as a new user, waits until 开通免密支付 is enabled (the pre-sign is
 * fetched before the tap), taps it and counts every request the page starts until the navigation
 * to the simulator's signing page — the H5 stand-in for navigateToMiniProgram.
 */
export async function tapRoundTrips(config: BenchConfig, stack: Stack): Promise<RoundTrips> {
  const previewPort = await freePort();
  const previewUrl = `http://127.0.0.1:${previewPort}`;
  const h5Dir = join(config.tmpDir, 'h5');
  rmSync(h5Dir, { recursive: true, force: true });
  buildH5(config, {
    TARO_APP_BFF_URL: previewUrl,
    TARO_APP_SIM_URL: stack.simUrl,
    TARO_APP_APPID: stack.identity.sub.sub_appid,
    // Our own output folder: apps/miniapp/dist stays as turbo built it.
    MINIAPP_OUTPUT_ROOT: h5Dir,
  });
  const previewModule = join(config.repoRoot, 'scripts/preview-server.mjs');
  const { startPreviewServer } = (await import(previewModule)) as {
    startPreviewServer(o: { root: string; bffUrl: string; port: number }): Promise<{ server: Server }>;
  };
  const { server } = await startPreviewServer({
    root: h5Dir,
    bffUrl: stack.bffUrl,
    port: previewPort,
  });
  const closeServer = () => new Promise<void>((r) => server.close(() => r()));
  // A browser that fails to start must not leave the preview server holding the bench process open.
  const browser = await chromium
    .launch({
      executablePath: config.chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    .catch(async (error: unknown) => {
      await closeServer();
      throw error;
    });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'zh-CN' });
    const page = await context.newPage();
    // The preview asks before leaving for the signing page, as WeChat does: the user says yes.
    page.on('dialog', (dialog) => void dialog.accept());
    const label = (r: Request) => `${r.method()} ${new URL(r.url()).pathname}`;
    const apiBeforeTap: string[] = [];
    const onLoadRequest = (r: Request) => {
      if (new URL(r.url()).pathname.startsWith('/v1/')) apiBeforeTap.push(label(r));
    };
    page.on('request', onLoadRequest);
    await page.goto(previewUrl);
    // The page's own button (a View with role=button, as apps/e2e finds it), not Taro's H5 element.
    const button = page.getByRole('button', { name: '开通免密支付' });
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    const deadline = Date.now() + 30_000;
    const enabled = async () => (await button.getAttribute('aria-disabled')) === 'false';
    while (!(await enabled())) {
      if (Date.now() > deadline) throw new Error('开通免密支付 never became enabled');
      await page.waitForTimeout(50);
    }
    // Let anything started by the page's own loading settle, so only the tap's requests are counted.
    await page.waitForLoadState('networkidle');
    page.off('request', onLoadRequest);
    const afterTap: Request[] = [];
    const onRequest = (r: Request) => afterTap.push(r);
    page.on('request', onRequest);
    const jumped = page.waitForRequest((r) => r.isNavigationRequest() && r.url().includes('/sim/sign?'), {
      timeout: 15_000,
    });
    await button.click();
    const navigation = await jumped;
    page.off('request', onRequest);
    const before = afterTap.slice(0, afterTap.indexOf(navigation));
    const payPage = await (
      await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'zh-CN' })
    ).newPage();
    const pay = await payRoundTrips(payPage, previewUrl).catch((error: unknown) => ({
      notMeasured: error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : 'failed',
    }));
    return { count: before.length, urls: before.map(label), apiBeforeTap, pay };
  } finally {
    await browser.close();
    await closeServer();
  }
}
