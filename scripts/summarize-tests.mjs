// Sums the vitest JSON reports of every package into one closing line ("N passed, N failed"),
// after the names and first message lines of any failed tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const group of ['apps', 'packages']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const dir = join(group, name, 'test-results');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const p = report.numPassedTests ?? 0;
      const f = report.numFailedTests ?? 0;
      const s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
      console.log(`    ${group}/${name}/${file}: ${p} passed, ${f} failed, ${s} skipped`);
      for (const suite of report.testResults ?? []) {
        for (const t of suite.assertionResults ?? []) {
          if (t.status !== 'failed') continue;
          const why = (t.failureMessages ?? []).join('\n').split('\n').slice(0, 6).join('\n      ');
          failures.push(`  ✗ ${group}/${name} › ${t.fullName}\n      ${why}`);
        }
      }
      passed += p;
      failed += f;
      skipped += s;
    }
  }
}
// Failed tests last, so a log read from its tail names them.
if (failures.length > 0) console.log(`failed tests:\n${failures.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
