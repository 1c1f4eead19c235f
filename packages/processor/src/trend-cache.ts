import { setTimeout as sleep } from 'node:timers/promises';
import { compileSchema, TrendAnalysis, TTL_SECONDS, type ProviderCall } from '@aisvc/contracts';
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
  /**
   * How long a worker keeps its own copy of an analysis it read or made (never past
   * the Redis key's expiry); 0 turns the copy off. Default 10 s.
   */
  localTtlMs?: number;
}

export const DEFAULT_TREND_CACHE_SETTINGS: TrendCacheSettings = { lockTtlMs: 5_000, pollIntervalMs: 250, fallbackTtlSeconds: 300, reserveMs: 4_000, localTtlMs: 10_000 };

/**
 * A worker's own copy of the analyses it used last, in front of Redis. At LLM
 * concurrency a few hundred jobs a second share a handful of (industry, region)
 * pairs; without it each job reads, parses and validates the same few KB from
 * Redis, one round trip on its path. An entry lives at most `ttlMs` and never past
 * its Redis key's expiry, so a worker is at most that far behind the fleet's cache
 * (a new season is a miss anyway). Entries are shared between jobs: read-only.
 */
export class LocalTrendCache {
  private readonly entries = new Map<string, { trend: TrendAnalysis; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  get(industry: string, region: string): TrendAnalysis | null {
    const key = `${industry}\u0000${region}`;
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.until > Date.now()) return entry.trend;
    this.entries.delete(key);
    return null;
  }

  /** Keeps `trend` for `ttlMs`, or until `expiresAt` (epoch ms: its Redis key's expiry) when that comes first. */
  put(trend: TrendAnalysis, expiresAt: number): void {
    const until = Math.min(Date.now() + this.ttlMs, expiresAt);
    if (until <= Date.now()) return;
    const key = `${trend.industry}\u0000${trend.region}`;
    this.entries.delete(key);
    // Oldest first out (a Map iterates in insertion order).
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value ?? key);
    this.entries.set(key, { trend, until });
  }
}

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
  /** This worker's copy of recent analyses; absent: every lookup reads Redis. */
  local?: LocalTrendCache | undefined;
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
  const { store, provider, logger, signal, deadline, local } = deps;
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
    const copy = local?.get(query.industry, query.region) ?? null;
    if (current(copy)) return { trend: copy, cacheHit: true };
    const cached = await store.getTrendEntry(query.industry, query.region);
    if (cached && current(cached.trend)) {
      local?.put(cached.trend, cached.expiresAt);
      return { trend: cached.trend, cacheHit: true };
    }

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
        const ttlSeconds = degraded ? settings.fallbackTtlSeconds : TTL_SECONDS.trend;
        const savedAt = Date.now();
        await store.saveTrend(trend, ttlSeconds);
        local?.put(trend, savedAt + ttlSeconds * 1000);
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
