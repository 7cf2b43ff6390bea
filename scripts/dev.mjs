// Starts the local stack: simulator (creates the dev identity on first run) → BFF on SQLite with the
// simulator's bff.env → H5 preview of the mini program wired to that BFF. Logs are prefixed per
// process; Ctrl-C stops everything. State lives in .dev/ (git-ignored) and is reused on restart.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bffEnv, devLayout, simEnv } from './dev-env.mjs';
import { startPreviewServer } from './preview-server.mjs';

const root = resolve(import.meta.dirname, '..');
const layout = devLayout(process.env, root);
const { devDir, simPort, bffPort, previewPort } = layout;
const children = [];

function run(name, cmd, args, env, ready) {
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((ok, fail) => {
    const onLine = (chunk) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        console.log(`[${name}] ${line}`);
        if (ready?.test(line)) ok(child);
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.on('exit', (code) => {
      if (!stopping) fail(new Error(`${name} exited with code ${code}`));
    });
    if (!ready) ok(child);
  });
}

async function waitFor(url, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready`);
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

try {
  mkdirSync(devDir, { recursive: true });
  await run('sim', 'node', ['apps/wechatpay-sim/dist/server.js'], simEnv(layout), /listening on/);
  const bff = bffEnv(layout, process.env);
  const subMerchants = JSON.parse(readFileSync(bff.SUB_MERCHANTS_FILE, 'utf8'));
  const simUrl = `http://127.0.0.1:${simPort}`;
  const previewUrl = `http://127.0.0.1:${previewPort}`;

  console.log('[dev] building the H5 preview');
  const h5 = spawnSync('pnpm', ['--filter', '@kit/miniapp', 'run', 'build:h5'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      TARO_APP_BFF_URL: previewUrl,
      TARO_APP_SIM_URL: simUrl,
      TARO_APP_APPID: subMerchants[0].sub_appid,
      MINIAPP_OUTPUT_ROOT: resolve(devDir, 'h5'),
      NODE_ENV: 'production',
    },
  });
  if (h5.status !== 0) throw new Error('H5 build failed');

  await run('bff', 'node', ['apps/bff/dist/server.js'], bff);
  await waitFor(`http://127.0.0.1:${bffPort}/readyz`);
  await startPreviewServer({
    root: resolve(devDir, 'h5'),
    bffUrl: `http://127.0.0.1:${bffPort}`,
    port: previewPort,
  });
  console.log(
    `\n  Ready. Open the mini program preview: ${previewUrl}\n  BFF ${`http://127.0.0.1:${bffPort}`} (OpenAPI at /docs) · simulator ${simUrl}\n  Ctrl-C stops everything.\n`,
  );
} catch (err) {
  console.error(`[dev] ${err.message}`);
  stop(1);
}
