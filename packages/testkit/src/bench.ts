import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/**
 * Helpers the benchmark scripts share: knobs read from the environment, the
 * statistics they report, and the Redis cleanup they end with.
 */

/**
 * BENCH_SMOKE=1: CI's smoke run of every benchmark (tiny sizes, nothing asserted on speed), so a
 * bench that no longer runs fails CI instead of rotting.
 */
export const smokeMode = (): boolean => process.env['BENCH_SMOKE'] === '1';

/**
 * An integer knob from the environment (e.g. BENCH_MESSAGES): `fallback` when
 * unset or empty (`smokeFallback` instead in smoke mode, when given); throws when
 * it is not an integer >= `min`.
 */
export function intEnv(name: string, fallback: number, min = 1, smokeFallback?: number): number {
  if (smokeFallback !== undefined && smokeMode()) fallback = smokeFallback;
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

/** The pino log levels a bench accepts for BENCH_LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** BENCH_LOG_LEVEL (default info): the level of the code under test, whose lines go to /dev/null. */
export function logLevelEnv(): LogLevel {
  const raw = process.env['BENCH_LOG_LEVEL'] ?? 'info';
  if (!isLogLevel(raw)) throw new Error(`BENCH_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw;
}

/** The median of `values` (any order; NaN when empty): the headline ratio across rounds. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** The nearest-rank `q` quantile (0..1) of `sorted` (ascending; NaN when empty), e.g. p99 latency. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * Deletes (UNLINK) every key matching `pattern`, walking the keyspace with SCAN,
 * and returns how many were deleted: a bench's cleanup of its queues and key prefixes.
 */
export async function scanDelete(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Peak resident set size of a process in MB (Linux VmHWM); NaN when unknown. */
export function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}
