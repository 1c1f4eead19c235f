#!/usr/bin/env node
// Adds up the vitest JSON reports of all packages (.test-results.json, and .fault-results.json
// of the fault suite) and prints "N passed, N failed".
// Exits 1 when no report exists (nothing ran) or any test failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
let faultTests = 0;
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
    }
  }
}
console.log(`\n${reports} packages tested${faultTests ? `, ${faultTests} fault scenarios` : ''}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(reports > 0 && failed === 0 ? 0 : 1);
