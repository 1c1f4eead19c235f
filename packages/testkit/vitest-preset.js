// Shared vitest settings. Plain JS because vitest loads config files before any
// TypeScript transform of workspace packages is in place.
import { fileURLToPath } from 'node:url';

/**
 * @param {{ services?: boolean, testTimeout?: number }} [options]
 *   services: start/reuse real Redis and Kafka before the run (integration tests).
 */
export function testPreset(options = {}) {
  const { services = false, testTimeout = 30_000 } = options;
  // '@aisvc/source' makes workspace packages resolve to their TypeScript sources,
  // so tests never need a prior build.
  const conditions = ['@aisvc/source', 'node', 'import', 'module', 'default'];
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@aisvc/source'] } },
    test: {
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // The fault suite kills services: it runs on its own (faultPreset), never with these.
      exclude: ['**/node_modules/**', 'test/faults/**'],
      testTimeout,
      // The JSON report feeds scripts/test-summary.mjs, which prints the totals of all packages.
      reporters: ['default', 'json'],
      outputFile: { json: '.test-results.json' },
      hookTimeout: 60_000,
      globalSetup: services ? [fileURLToPath(new URL('./global-setup.js', import.meta.url))] : [],
    },
  };
}

/**
 * The fault suite (test/faults/**): real processes and services killed and restarted. It runs
 * against a Redis and a Kafka broker of its own (started for the run on free ports, removed
 * afterwards), one file and one test at a time (the faults are timed, and they must not
 * share two cores with each other), and reports to .fault-results.json, which
 * scripts/test-summary.mjs counts with the other reports.
 *
 * @param {{ testTimeout?: number }} [options]
 */
export function faultPreset(options = {}) {
  const { testTimeout = 240_000 } = options;
  const base = testPreset({ testTimeout });
  return {
    ...base,
    test: {
      ...base.test,
      include: ['test/faults/**/*.test.ts'],
      exclude: ['**/node_modules/**'],
      outputFile: { json: '.fault-results.json' },
      hookTimeout: 120_000,
      fileParallelism: false,
      globalSetup: [fileURLToPath(new URL('./src/dedicated-setup.ts', import.meta.url))],
    },
  };
}
