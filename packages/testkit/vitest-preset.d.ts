import type { UserConfig } from 'vitest/config';

export interface TestPresetOptions {
  /** Start or reuse real Redis and Kafka before the run (integration tests). */
  services?: boolean;
  /** Per-test timeout in ms (default 30 000). */
  testTimeout?: number;
}

export declare function testPreset(options?: TestPresetOptions): UserConfig;

export interface FaultPresetOptions {
  /** Per-test timeout in ms (default 240 000). */
  testTimeout?: number;
}

/** The fault suite's settings: test/faults/**, dedicated services, one test at a time, .fault-results.json. */
export declare function faultPreset(options?: FaultPresetOptions): UserConfig;
