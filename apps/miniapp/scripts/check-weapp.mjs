#!/usr/bin/env node
// Offline gate over the weapp build: every WXML and WXSS must compile with WeChat's own
// compilers (wcc / wcsc from miniprogram-compiler), and the package must stay under the size budget.
// Usage: node scripts/check-weapp.mjs [dir=dist/weapp] [--max-bytes=337920]
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';

const require = createRequire(import.meta.url);
const { wxmlToJs } = require('miniprogram-compiler');
const wcsc = require('miniprogram-compiler/src/wcsc');

const DEFAULT_MAX_BYTES = 330 * 1024;
const MAX_BUFFER = 64 * 1024 * 1024;

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

function checkWxml(dir, files) {
  const wxml = files.filter((f) => f.endsWith('.wxml')).map((f) => relative(dir, f));
  // wcc exits non-zero with file:line:column on broken WXML; wxmlToJs turns that into a throw.
  const source = wxmlToJs(dir, { maxBuffer: MAX_BUFFER });
  // The generated code expects a browser-like global (`window`); give it an isolated one.
  const sandbox = createContext({ console });
  sandbox.window = sandbox;
  const $gwx = runInContext(`(function (global) {${source}\n})`, sandbox)({});
  for (const file of wxml) {
    if (typeof $gwx(file) !== 'function') throw new Error(`compiled WXML has no template for ${file}`);
  }
  return wxml.length;
}

function checkWxss(dir, files) {
  const wxss = files
    .filter((f) => f.endsWith('.wxss'))
    .map((f) => relative(dir, f).slice(0, -'.wxss'.length));
  // wcsc's wrapper returns (does not throw) an Error on failure.
  const result = wcsc(dir, wxss, { maxBuffer: MAX_BUFFER });
  if (result instanceof Error) throw result;
  if (typeof result.comm !== 'string') throw new Error('wcsc produced no output');
  return wxss.length;
}

export function checkWeapp(dir, maxBytes = DEFAULT_MAX_BYTES) {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {}
  if (!isDir) return { ok: false, errors: [`${dir} does not exist: run \`pnpm run build:weapp\` first`] };
  const files = listFiles(dir);
  const sizes = files.map((f) => ({ file: relative(dir, f), bytes: statSync(f).size }));
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '-', bytes: 0 });
  const errors = [];
  const report = { total, largest, wxml: 0, wxss: 0 };
  try {
    report.wxml = checkWxml(dir, files);
  } catch (err) {
    errors.push(`WXML compile failed: ${err.message}`);
  }
  try {
    report.wxss = checkWxss(dir, files);
  } catch (err) {
    errors.push(`WXSS compile failed: ${err.message}`);
  }
  if (report.wxml === 0 && errors.length === 0) errors.push('no WXML found: is this a weapp build?');
  if (total > maxBytes) errors.push(`size ${total} bytes exceeds the budget of ${maxBytes} bytes`);
  return { ok: errors.length === 0, errors, ...report };
}

function main(argv) {
  const here = fileURLToPath(new URL('..', import.meta.url));
  const maxArg = argv.find((a) => a.startsWith('--max-bytes='));
  const dirArg = argv.find((a) => !a.startsWith('--'));
  const dir = resolve(here, dirArg ?? 'dist/weapp');
  const maxBytes = maxArg ? Number(maxArg.split('=')[1]) : DEFAULT_MAX_BYTES;
  const result = checkWeapp(dir, maxBytes);
  if (result.total !== undefined) {
    const kb = (n) => (n / 1024).toFixed(1);
    console.log(`weapp: ${result.wxml} WXML + ${result.wxss} WXSS compiled with wcc/wcsc`);
    console.log(
      `weapp size: ${result.total} bytes (${kb(result.total)} KB) of ${maxBytes} (${kb(maxBytes)} KB)`,
    );
    console.log(`largest file: ${result.largest.file} ${result.largest.bytes} bytes`);
  }
  for (const error of result.errors) console.error(`check-weapp: ${error}`);
  return result.ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
