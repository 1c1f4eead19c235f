import type { Logger } from 'pino';
import type { TrendAnalysis } from '@aisvc/contracts';
import type { AiProvider, TrendQuery } from '@aisvc/ai-providers';
import type { AiStore } from '@aisvc/store';

export interface TrendCacheSettings {
  /** How long one holder may keep the single-flight lock (covers a slow LLM call). */
  lockTtlMs: number;
  /** How often waiters look for the holder's result. */
  pollIntervalMs: number;
  /** A waiter gives up after this long and the job is retried. */
  waitTimeoutMs: number;
}

export const DEFAULT_TREND_CACHE_SETTINGS: TrendCacheSettings = { lockTtlMs: 30_000, pollIntervalMs: 100, waitTimeoutMs: 45_000 };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason as Error); }, { once: true });
  });

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
        const trend = await provider.analyseTrends(query, signal);
        await store.saveTrend(trend);
        logger.info({ provider: provider.name, ms: Date.now() - started }, 'trend analysed and cached');
        return { trend, cacheHit: false };
      } finally {
        await store.releaseTrendLock(query.industry, query.region, token);
      }
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting ${settings.waitTimeoutMs} ms for the trend analysis of ${query.industry}/${query.region}`);
    await sleep(settings.pollIntervalMs, signal);
  }
}
