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
      testTimeout,
      // The JSON report feeds scripts/test-summary.mjs, which prints the totals of all packages.
      reporters: ['default', 'json'],
      outputFile: { json: '.test-results.json' },
      hookTimeout: 60_000,
      globalSetup: services ? [fileURLToPath(new URL('./global-setup.js', import.meta.url))] : [],
    },
  };
}
