import { setTimeout as sleep } from 'node:timers/promises';
import { compileSchema, TrendAnalysis } from '@aisvc/contracts';
import type { AiProvider, TrendQuery } from '@aisvc/ai-providers';
import type { Logger } from '@aisvc/logging';
import type { AiStore } from '@aisvc/store';

export interface TrendCacheSettings {
  /** How long one holder may keep the single-flight lock (covers a slow LLM call). */
  lockTtlMs: number;
  /** How often waiters look for the holder's result. */
  pollIntervalMs: number;
  /** A waiter gives up after this long and its attempt fails (to be retried). */
  waitTimeoutMs: number;
}

export const DEFAULT_TREND_CACHE_SETTINGS: TrendCacheSettings = { lockTtlMs: 30_000, pollIntervalMs: 100, waitTimeoutMs: 25_000 };

const trendChecker = compileSchema(TrendAnalysis);

/** The provider's trend analysis does not match the schema. Retryable: a new call may do better. */
export class InvalidTrendAnalysisError extends Error {
  override readonly name = 'InvalidTrendAnalysisError';
}

/**
 * Cache-aside on `ai:trend:{industry}:{region}` with single flight across all
 * worker processes: a burst of jobs for one industry and region makes one
 * provider call; the others wait for its result in Redis.
 */
export async function getOrAnalyseTrends(
  query: TrendQuery,
  deps: { store: AiStore; provider: AiProvider; logger: Logger; settings?: TrendCacheSettings; signal?: AbortSignal | undefined },
): Promise<{ trend: TrendAnalysis; cacheHit: boolean }> {
  const { store, provider, logger, signal } = deps;
  const settings = deps.settings ?? DEFAULT_TREND_CACHE_SETTINGS;
  const deadline = Date.now() + settings.waitTimeoutMs;

  for (;;) {
    const cached = await store.getTrend(query.industry, query.region);
    if (cached) return { trend: cached, cacheHit: true };

    const token = await store.acquireTrendLock(query.industry, query.region, settings.lockTtlMs);
    if (token) {
      try {
        // Another holder may have finished between our read and our lock.
        const raced = await store.getTrend(query.industry, query.region);
        if (raced) return { trend: raced, cacheHit: true };
        const started = Date.now();
        // Cached under the key it was asked for, whatever the provider echoed back,
        // so the jobs waiting on that key find it.
        const trend: TrendAnalysis = { ...(await provider.analyseTrends(query, signal)), industry: query.industry, region: query.region };
        const problems = trendChecker.problems(trend);
        if (problems.length > 0) throw new InvalidTrendAnalysisError(`invalid trend analysis from ${provider.name}: ${problems.slice(0, 5).join('; ')}`);
        await store.saveTrend(trend);
        logger.info({ provider: provider.name, ms: Date.now() - started }, 'trend analysed and cached');
        return { trend, cacheHit: false };
      } finally {
        // The lock expires by itself; failing to release it early must not hide the result.
        await store.releaseTrendLock(query.industry, query.region, token).catch((err: unknown) => logger.warn({ err }, 'trend lock not released'));
      }
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting ${settings.waitTimeoutMs} ms for the trend analysis of ${query.industry}/${query.region}`);
    await sleep(settings.pollIntervalMs, undefined, signal ? { signal } : {});
  }
}
