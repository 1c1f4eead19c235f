import type { UserConfig } from 'vitest/config';

export interface TestPresetOptions {
  /** Start or reuse real Redis and Kafka before the run (integration tests). */
  services?: boolean;
  /** Per-test timeout in ms (default 30 000). */
  testTimeout?: number;
}

export declare function testPreset(options?: TestPresetOptions): UserConfig;
