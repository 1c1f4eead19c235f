#!/usr/bin/env node
// Adds up the vitest JSON reports of all packages (.test-results.json, and .fault-results.json
// of the fault suite) and prints "N passed, N failed", after the names and first lines of
// the failed tests.
// Exits 1 when no report exists (nothing ran) or any test failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
let faultTests = 0;
const failures = [];
for (const group of ['apps', 'packages']) {
  for (const name of readdirSync(`${root}/${group}`)) {
    for (const kind of ['test', 'fault']) {
      const file = `${root}/${group}/${name}/.${kind}-results.json`;
      if (!existsSync(file)) continue;
      const report = JSON.parse(readFileSync(file, 'utf8'));
      if (kind === 'test') reports += 1;
      else faultTests += report.numTotalTests;
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + (report.numTodoTests ?? 0);
      for (const file of report.testResults ?? []) {
        const where = file.name.slice(root.length);
        if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
          failures.push(`${where} (the file itself)\n    ${String(file.message ?? '').split('\n').slice(0, 6).join('\n    ')}`);
        }
        for (const test of file.assertionResults ?? []) {
          if (test.status !== 'failed') continue;
          const why = String(test.failureMessages?.[0] ?? '').split('\n').slice(0, 6).join('\n    ');
          failures.push(`${where} > ${test.fullName}\n    ${why}`);
        }
      }
    }
  }
}
// Repeated here, at the end, because CI may show only the tail of a long log.
if (failures.length > 0) console.log(`\nfailed tests:\n${failures.map((f) => `- ${f}`).join('\n')}`);
console.log(`\n${reports} packages tested${faultTests ? `, ${faultTests} fault scenarios` : ''}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(reports > 0 && failed === 0 ? 0 : 1);
