import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, ratios, rows } from './report.rows.js';
import type { Results } from './report.types.js';

export type { Results };

export function renderMarkdown(r: Results): string {
  const m = r.machine;
  const lines = [
    `Measured ${m.date} on ${m.cpuModel} × ${m.cores} cores, Node ${m.node}, ${m.os} (1-min load average ${m.loadAverage1m} at start, ${r.loadAtEnd} at end); whole run ${fmt(r.durationS)} s.`,
    '',
    '| figure | measured | goal | |',
    '| --- | --- | --- | --- |',
    ...rows(r).map((x) => `| ${x.figure} | ${x.measured} | ${x.goal} | ${x.verdict} |`),
    '',
    'Floors: operations per CPU-second of one thread in the bench process (immune to the core being taken away).',
    'BFF / simulator CPU: utime + stime from /proc/<pid>/stat across the load, ÷ requests completed.',
    'Latencies: full-precision per-request times; the fixed-rate runs are open loop (request i leaves at i/rate).',
    '',
  ];
  return lines.join('\n');
}

export function writeResults(dir: string, r: Results): string {
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(r);
  writeFileSync(join(dir, 'latest.md'), markdown);
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ ...r, ratios: ratios(r) }, null, 2)}\n`);
  return markdown;
}
