// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The CI gate runs as a real process over a real folder; these fixtures prove it can fail.
const script = fileURLToPath(new URL('../scripts/check-weapp.mjs', import.meta.url));
const dirs: string[] = [];

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'weapp-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function gate(...args: string[]) {
  const run = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout + run.stderr };
}

const GOOD = {
  'app.json': '{"pages":["pages/index/index"]}',
  'app.wxss': '.a { color: red; }',
  'pages/index/index.wxml': '<view class="a"><text>{{msg}}</text></view>',
  'pages/index/index.wxss': '.b { margin: 10rpx; }',
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('check-weapp gate', () => {
  it('passes a valid build and prints its total size and largest file', () => {
    const { code, out } = gate(fixture(GOOD));
    expect(out).toMatch(/1 WXML \+ 2 WXSS compiled/);
    expect(out).toMatch(/weapp size: \d+ bytes/);
    expect(out).toMatch(/largest file: \S+ \d+ bytes/);
    expect(code).toBe(0);
  });

  it('fails on broken WXML with the file and position', () => {
    const { code, out } = gate(
      fixture({ ...GOOD, 'pages/index/index.wxml': '<view>\n<text>{{msg}</text>\n</vew>' }),
    );
    expect(code).toBe(1);
    expect(out).toMatch(/WXML compile failed: .*pages\/index\/index\.wxml:\d+:\d+/);
  });

  it.each(['app.wxss', 'pages/index/index.wxss'])('fails on broken WXSS in %s', (file) => {
    const { code, out } = gate(fixture({ ...GOOD, [file]: '.a { color: red;\n' }));
    expect(code).toBe(1);
    expect(out).toContain(`WXSS compile failed: 编译 .wxss 文件错误：ERR: ${file}(2:1)`);
  });

  it('fails above the size budget', () => {
    const { code, out } = gate(fixture(GOOD), '--max-bytes=100');
    expect(code).toBe(1);
    expect(out).toMatch(/exceeds the budget of 100 bytes/);
  });

  it('fails clearly when the build is missing', () => {
    const { code, out } = gate(join(tmpdir(), 'no-such-weapp-build'));
    expect(code).toBe(1);
    expect(out).toMatch(/does not exist: run `pnpm run build:weapp` first/);
  });
});
