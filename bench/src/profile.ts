import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Each sample charged to the nearest package on its stack (node core and native frames go to their caller). */
  packages: ProfileLine[];
  functions: ProfileLine[];
}

/** The package a script belongs to: `fastify`, `@fastify/rate-limit`, `@kit/bff`; undefined for node core / native. */
function packageOf(url: string): string | undefined {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const ws = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return ws ? `@kit/${ws[2]}` : undefined;
}

const RSA = new Set(['signOneShot', 'verifyOneShot']);

function chargeTo(stack: ProfileNode[]): string {
  const leaf = stack[0]?.callFrame.functionName ?? '';
  if (leaf.startsWith('(')) return leaf; // (garbage collector), (program)
  for (const node of stack) {
    if (RSA.has(node.callFrame.functionName)) return 'RSA sign/verify (the floor)';
    const pkg = packageOf(node.callFrame.url);
    if (pkg) return pkg;
  }
  return 'node core (no package on the stack)';
}

function top(map: Map<string, number>, total: number, n: number): ProfileLine[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms, share: ms / total }));
}

/** Summarises every .cpuprofile in `dir` (idle time left out), only samples inside `window` when given. */
export function summariseProfiles(
  dir: string,
  window?: { startUs: number; endUs: number },
  n = 20,
): ProfileSummary {
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      if (window && (at < window.startUs || at > window.endUs)) return;
      const leaf = nodes.get(id);
      if (!leaf || leaf.callFrame.functionName === '(idle)') return;
      const ms = delta / 1000;
      const stack: ProfileNode[] = [];
      for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
        const node = nodes.get(up);
        if (node) stack.push(node);
      }
      const owner = chargeTo(stack);
      byPackage.set(owner, (byPackage.get(owner) ?? 0) + ms);
      const { functionName, url, lineNumber } = leaf.callFrame;
      const where = url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|packages)\//, '');
      const fn = `${functionName || '(anonymous)'}${where ? ` ${where}:${lineNumber + 1}` : ''}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
      total += ms;
    });
  }
  return { totalMs: total, packages: top(byPackage, total, n), functions: top(byFunction, total, n) };
}

export function renderProfile(s: ProfileSummary, context: string, perRequest?: number): string {
  const each = (ms: number) => (perRequest ? ` | ${((ms * 1000) / perRequest).toFixed(0)} µs` : '');
  const table = (title: string, rows: ProfileLine[]) => [
    `| ${title} | ms | share |${perRequest ? ' per request |' : ''}`,
    `| --- | --- | --- |${perRequest ? ' --- |' : ''}`,
    ...rows.map(
      (r) => `| \`${r.name}\` | ${r.ms.toFixed(0)} | ${(r.share * 100).toFixed(1)} %${each(r.ms)} |`,
    ),
    '',
  ];
  return [
    `${context}: ${s.totalMs.toFixed(0)} ms of non-idle samples${perRequest ? ` over ${perRequest} requests` : ''}.`,
    '',
    'Samples are wall-clock ticks of the BFF thread (a tick taken while the core was lent to another process still',
    'counts), so the per-request column runs above the /proc CPU figure of the table; compare shares, not µs.',
    '',
    ...table('charged to (nearest package on the stack)', s.packages),
    ...table('function (self time)', s.functions),
  ].join('\n');
}

/**
 * The BFF's pre-sign next to the relay's, package by package, in CPU µs per request: each side's
 * sample shares scaled to its /proc CPU per request (ticks alone count time the core was lent away).
 */
export function renderComparison(
  bff: ProfileSummary,
  bffCpuMs: number,
  relay: ProfileSummary,
  relayCpuMs: number,
): string {
  const us = (s: ProfileSummary, cpuMs: number) =>
    new Map(s.packages.map((line) => [line.name, line.share * cpuMs * 1000]));
  const b = us(bff, bffCpuMs);
  const r = us(relay, relayCpuMs);
  const names = [...new Set([...b.keys(), ...r.keys()])].sort(
    (x, y) => (b.get(y) ?? 0) - (r.get(y) ?? 0) - ((b.get(x) ?? 0) - (r.get(x) ?? 0)),
  );
  const f = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(0));
  return [
    `Pre-sign, BFF vs the minimal relay: CPU µs per request by package (shares × /proc CPU: ${(bffCpuMs * 1000).toFixed(0)} vs ${(relayCpuMs * 1000).toFixed(0)} µs).`,
    '',
    '| charged to | BFF | relay | BFF − relay |',
    '| --- | --- | --- | --- |',
    ...names.map(
      (n) =>
        `| \`${n}\` | ${f(b.get(n))} | ${f(r.get(n))} | ${((b.get(n) ?? 0) - (r.get(n) ?? 0)).toFixed(0)} |`,
    ),
    '',
  ].join('\n');
}
