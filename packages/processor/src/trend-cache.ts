import { setTimeout as sleep } from 'node:timers/promises';
import { compileSchema, TrendAnalysis, type ProviderCall } from '@aisvc/contracts';
import type { AiProvider, TrendQuery } from '@aisvc/ai-providers';
import type { Logger } from '@aisvc/logging';
import type { AiStore } from '@aisvc/store';

export interface TrendCacheSettings {
  /**
   * TTL of the single-flight lock. The holder renews it every third of this
   * while its (possibly 10 s+) call runs, so it only lapses when the holder dies;
   * then a waiter takes over within about this long.
   */
  lockTtlMs: number;
  /** How often a waiter looks again for the holder's result (it waits off its worker slot when it can). */
  pollIntervalMs: number;
  /** A RULE_BASED analysis made because the vendors failed is cached this briefly, so they are asked again soon. */
  fallbackTtlSeconds: number;
  /** A waiter stops waiting when less than this is left before its deadline, and analyses for itself (uncached). */
  reserveMs: number;
}

export const DEFAULT_TREND_CACHE_SETTINGS: TrendCacheSettings = { lockTtlMs: 5_000, pollIntervalMs: 250, fallbackTtlSeconds: 300, reserveMs: 4_000 };

const trendChecker = compileSchema(TrendAnalysis);

/** The provider's trend analysis does not match the schema. Retryable: a new call may do better. */
export class InvalidTrendAnalysisError extends Error {
  override readonly name = 'InvalidTrendAnalysisError';
}

export interface TrendOutcome {
  trend: TrendAnalysis;
  cacheHit: boolean;
  /** The provider call this job made (absent on a cache hit). */
  call?: ProviderCall;
}

export interface TrendCacheDeps {
  store: AiStore;
  provider: AiProvider;
  logger: Logger;
  settings?: TrendCacheSettings;
  signal?: AbortSignal | undefined;
  /** The job's deadline (epoch ms). */
  deadline: number;
  /**
   * Gives the job's worker slot back while another worker analyses: throws (the
   * queue's DeferJobError) to come back at `until`. Absent: the waiter polls in place.
   */
  defer?: ((until: number) => never) | undefined;
}

/**
 * Cache-aside on `ai:trend:{industry}:{region}` with single flight across all
 * worker processes: a burst of jobs for one industry and region makes one
 * provider call. A cached analysis for another season is a miss. The lock
 * holder keeps its lock alive while it works; the others wait off their worker
 * slots (deferred jobs) and take over if the holder dies; a job whose deadline
 * comes first analyses for itself without caching.
 */
export async function getOrAnalyseTrends(query: TrendQuery, deps: TrendCacheDeps): Promise<TrendOutcome> {
  const { store, provider, logger, signal, deadline } = deps;
  const settings = deps.settings ?? DEFAULT_TREND_CACHE_SETTINGS;
  const current = (trend: TrendAnalysis | null): trend is TrendAnalysis => trend !== null && trend.season === query.season;

  const analyse = async () => {
    const answer = await provider.analyseTrends(query, { signal, deadline, logger });
    // Cached under the key and season it was asked for, whatever the provider echoed back.
    const trend: TrendAnalysis = { ...answer.value, industry: query.industry, region: query.region, season: query.season };
    const problems = trendChecker.problems(trend);
    if (problems.length > 0) throw new InvalidTrendAnalysisError(`invalid trend analysis from ${answer.call.provider}: ${problems.slice(0, 5).join('; ')}`);
    return { trend, call: answer.call };
  };

  for (;;) {
    const cached = await store.getTrend(query.industry, query.region);
    if (current(cached)) return { trend: cached, cacheHit: true };

    const token = await store.acquireTrendLock(query.industry, query.region, settings.lockTtlMs);
    if (token) {
      const keepAlive = setInterval(() => {
        store
          .extendTrendLock(query.industry, query.region, token, settings.lockTtlMs)
          .then((held) => held || logger.warn('trend lock lost while analysing (another worker may analyse too)'))
          .catch((err: unknown) => logger.warn({ err }, 'trend lock not extended'));
      }, Math.max(100, Math.floor(settings.lockTtlMs / 3)));
      try {
        // Another holder may have finished between our read and our lock.
        const raced = await store.getTrend(query.industry, query.region);
        if (current(raced)) return { trend: raced, cacheHit: true };
        const { trend, call } = await analyse();
        // A fallback made because the vendors failed is kept briefly: the next burst asks them again.
        const degraded = call.provider === 'RULE_BASED' && provider.name !== 'RULE_BASED';
        await store.saveTrend(trend, degraded ? settings.fallbackTtlSeconds : undefined);
        logger.info({ provider: call.provider, ms: call.ms, degraded }, 'trend analysed and cached');
        return { trend, cacheHit: false, call };
      } finally {
        clearInterval(keepAlive);
        // The lock expires by itself; failing to release it early must not hide the result.
        await store.releaseTrendLock(query.industry, query.region, token).catch((err: unknown) => logger.warn({ err }, 'trend lock not released'));
      }
    }

    const next = Date.now() + settings.pollIntervalMs;
    if (next + settings.reserveMs > deadline) {
      // No time left to wait for the holder: answer this job on its own, and leave the cache to the holder.
      logger.warn({ industry: query.industry, region: query.region }, 'deadline near while another worker analyses the trend: analysing without the cache');
      const { trend, call } = await analyse();
      return { trend, cacheHit: false, call };
    }
    deps.defer?.(next);
    await sleep(settings.pollIntervalMs, undefined, signal ? { signal } : {});
  }
}
