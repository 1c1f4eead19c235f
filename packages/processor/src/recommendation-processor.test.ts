import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { JobRequest } from '@aisvc/contracts';
import { createRuleBasedProvider, type AiProvider } from '@aisvc/ai-providers';
import type { QueuedJob } from '@aisvc/queue';
import { RedisAiStore } from '@aisvc/store';
import { testServices, uniqueName, waitFor } from '@aisvc/testkit';
import { createRecommendationProcessor, InvalidRecommendationsError } from './recommendation-processor.js';

const logger = pino({ level: 'silent' });
const redis = new Redis(testServices.redisUrl);
afterAll(async () => {
  await redis.quit();
});

let store: RedisAiStore;
let keyPrefix: string;
beforeEach(() => {
  keyPrefix = `${uniqueName('proc')}:`;
  store = new RedisAiStore(redis, { keyPrefix });
});

const request = (n: number, patch: Partial<JobRequest> = {}): JobRequest => ({
  jobId: `JOB-${n}`, eventId: `EVT-${n}`, objective: '신규 고객 유치', industry: '카페', region: '마포구', season: '겨울', ...patch,
});

/** A job as BullMQ hands it over, recording the progress it reports. */
function job(data: JobRequest, attempt = 1, maxAttempts = 3): QueuedJob & { progress: number[] } {
  const progress: number[] = [];
  return { data, attempt, maxAttempts, signal: undefined, enqueuedAt: Date.now(), deferrable: false, progress, reportProgress: async (p) => { progress.push(p); } };
}

/** The real rule-based provider, counting calls and optionally slowed or broken. */
function countingProvider(options: { trendDelayMs?: number; failTrends?: Error; plans?: 'two' } = {}) {
  const inner = createRuleBasedProvider();
  const calls = { trends: 0, plans: 0 };
  const provider: AiProvider = {
    name: inner.name,
    model: inner.model,
    async analyseTrends(query, callOptions) {
      calls.trends += 1;
      if (options.failTrends) throw options.failTrends;
      await new Promise((r) => setTimeout(r, options.trendDelayMs ?? 0));
      return inner.analyseTrends(query, callOptions);
    },
    async generateRecommendations(query, callOptions) {
      calls.plans += 1;
      const plans = await inner.generateRecommendations(query, callOptions);
      return options.plans === 'two' ? { ...plans, value: plans.value.slice(0, 2) } : plans;
    },
  };
  return { provider, calls };
}

describe('recommendation processor', () => {
  it('moves the status and the job progress together: 10, 50, 100, and stores the result', async () => {
    const { provider } = countingProvider();
    const process = createRecommendationProcessor({ store, provider, logger });
    const queued = job(request(1));
    await store.createPendingStatus(queued.data);
    await process(queued);
    expect(queued.progress).toEqual([10, 50, 100]);
    expect(await store.getStatus('JOB-1')).toMatchObject({ status: 'COMPLETED', progress: 100, attempt: 1 });
    const result = await store.getRecommendation('EVT-1');
    expect(result?.recommendations).toHaveLength(3);
    expect(result?.trendAnalysis).toEqual(await store.getTrend('카페', '마포구'));
  });

  it('makes one trend call for a burst of jobs on the same industry and region', async () => {
    const { provider, calls } = countingProvider({ trendDelayMs: 150 });
    // Separate processor instances stand for separate worker processes: they share only Redis.
    const processors = Array.from({ length: 8 }, () =>
      createRecommendationProcessor({ store, provider, logger, trendCache: { lockTtlMs: 5_000, pollIntervalMs: 10, fallbackTtlSeconds: 60, reserveMs: 1_000 } }),
    );
    await Promise.all(processors.map((p, i) => p(job(request(100 + i)))));
    expect(calls.trends).toBe(1);
    expect(calls.plans).toBe(8);
    for (let i = 0; i < 8; i++) expect((await store.getStatus(`JOB-${100 + i}`))?.status).toBe('COMPLETED');
  });

  it('reuses a cached trend analysis, and returns who answered with usage and cost', async () => {
    const { provider, calls } = countingProvider();
    const process = createRecommendationProcessor({ store, provider, logger });
    const first = await process(job(request(1)));
    const second = await process(job(request(2)));
    expect(calls.trends).toBe(1);
    expect(first).toMatchObject({ jobId: 'JOB-1', aiProvider: 'RULE_BASED', model: 'rule-based-v1', trendCacheHit: false, costUsd: 0 });
    expect(first.calls.map((c) => c.purpose)).toEqual(['TREND_ANALYSIS', 'RECOMMENDATIONS']);
    expect(second.trendCacheHit).toBe(true);
    expect(second.calls.map((c) => c.purpose)).toEqual(['RECOMMENDATIONS']);
    const stored = await store.getRecommendation('EVT-2');
    expect({ jobId: 'JOB-2', aiProvider: stored?.aiProvider, ...stored?.generation }).toEqual(second);
  });

  it('treats a trend cached for another season as a miss (winter analysis, spring request)', async () => {
    const { provider, calls } = countingProvider();
    const process = createRecommendationProcessor({ store, provider, logger });
    await process(job(request(1, { season: '겨울' })));
    await process(job(request(2, { season: '봄' })));
    expect(calls.trends).toBe(2);
    expect((await store.getTrend('카페', '마포구'))?.season).toBe('봄');
    expect((await store.getRecommendation('EVT-2'))?.trendAnalysis.season).toBe('봄');
  });

  it('keeps its own copy of a trend (no Redis read per job), never past the Redis key\'s expiry', async () => {
    const { provider, calls } = countingProvider();
    const trendKey = `${keyPrefix}ai:trend:카페:마포구`;
    const local = createRecommendationProcessor({ store, provider, logger });
    await local(job(request(1)));
    await redis.del(trendKey);
    // The key is gone, the worker's copy is not: still a hit.
    expect((await local(job(request(2)))).trendCacheHit).toBe(true);
    expect(calls.trends).toBe(1);
    // Without the copy the same deletion is a miss.
    const uncached = createRecommendationProcessor({ store, provider, logger, trendCache: { lockTtlMs: 5_000, pollIntervalMs: 20, fallbackTtlSeconds: 60, reserveMs: 500, localTtlMs: 0 } });
    await redis.del(trendKey);
    expect((await uncached(job(request(3)))).trendCacheHit).toBe(false);
    expect(calls.trends).toBe(2);

    // A key with 400 ms left: the copy goes with it, although the local TTL is 10 s.
    const fresh = createRecommendationProcessor({ store, provider, logger });
    const trend = await store.getTrend('카페', '마포구');
    if (!trend) throw new Error('no trend');
    await redis.set(trendKey, JSON.stringify(trend), 'PX', 400);
    expect((await fresh(job(request(4)))).trendCacheHit).toBe(true);
    await waitFor(async () => (await redis.exists(trendKey)) === 0, { what: 'the trend key to expire' });
    expect((await fresh(job(request(5)))).trendCacheHit).toBe(false);
    expect(calls.trends).toBe(3);
  });

  it('a progress write that fails fails the attempt before a result is stored', async () => {
    const { provider } = countingProvider();
    const process = createRecommendationProcessor({ store, provider, logger });
    const queued = job(request(6));
    queued.reportProgress = async (p) => {
      if (p === 50) throw new Error('progress not written');
      queued.progress.push(p);
    };
    await expect(process(queued)).rejects.toThrow('progress not written');
    expect(await store.getRecommendation('EVT-6')).toBeNull();
    expect(await store.getStatus('JOB-6')).toMatchObject({ status: 'PROCESSING', attempt: 1 });
  });

  it('a waiter whose deadline comes before the holder finishes answers on its own, without caching', async () => {
    const slow = countingProvider({ trendDelayMs: 4_000 });
    const fast = countingProvider();
    const settings = { lockTtlMs: 5_000, pollIntervalMs: 20, fallbackTtlSeconds: 60, reserveMs: 500 };
    const holder = createRecommendationProcessor({ store, provider: slow.provider, logger, trendCache: settings });
    const hurried = createRecommendationProcessor({ store, provider: fast.provider, logger, trendCache: settings, deadlineMs: 700 });
    const holding = holder(job(request(1)));
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const outcome = await hurried(job(request(2)));
    expect(Date.now() - started).toBeLessThan(3_000); // well before the holder's 4 s
    expect(outcome.trendCacheHit).toBe(false);
    await holding;
    expect([slow.calls.trends, fast.calls.trends]).toEqual([1, 1]);
    expect(outcome.calls.map((c) => c.purpose)).toEqual(['TREND_ANALYSIS', 'RECOMMENDATIONS']);
  });

  it('the holder keeps its lock alive through a call longer than the lock TTL: still one trend call', async () => {
    // Renewed every 300 ms: a 600 ms stall of a loaded machine must not let it lapse.
    const { provider, calls } = countingProvider({ trendDelayMs: 2_500 });
    const settings = { lockTtlMs: 900, pollIntervalMs: 20, fallbackTtlSeconds: 60, reserveMs: 500 };
    const processors = Array.from({ length: 4 }, () => createRecommendationProcessor({ store, provider, logger, trendCache: settings }));
    await Promise.all(processors.map((p, i) => p(job(request(300 + i)))));
    expect(calls.trends).toBe(1);
  });

  it('takes over quickly when the lock holder died (its lock is no longer renewed)', async () => {
    const { provider, calls } = countingProvider();
    // A holder that took the lock and died: nobody renews it, so it lapses after its TTL.
    expect(await store.acquireTrendLock('카페', '마포구', 600)).not.toBeNull();
    const process = createRecommendationProcessor({ store, provider, logger, trendCache: { lockTtlMs: 600, pollIntervalMs: 25, fallbackTtlSeconds: 60, reserveMs: 500 } });
    const started = Date.now();
    const outcome = await process(job(request(1)));
    expect(Date.now() - started).toBeLessThan(4_000); // the dead lock's 0.6 s, not the default 5 s TTL and more
    expect(outcome.trendCacheHit).toBe(false);
    expect(calls.trends).toBe(1);
    expect(await store.getTrend('카페', '마포구')).not.toBeNull();
  });

  it('says a retry follows on a failed attempt, and FAILED with the reason on the last', async () => {
    const { provider } = countingProvider({ failTrends: new Error('provider down') });
    const process = createRecommendationProcessor({ store, provider, logger });
    await expect(process(job(request(3), 1, 3))).rejects.toThrow('provider down');
    const retrying = await store.getStatus('JOB-3');
    expect(retrying).toMatchObject({ status: 'PROCESSING', progress: 10 });
    expect(retrying?.message).toContain('재시도');
    await expect(process(job(request(3), 3, 3))).rejects.toThrow('provider down');
    expect(await store.getStatus('JOB-3')).toMatchObject({ status: 'FAILED', error: 'provider down', attempt: 3 });
  });

  it('rejects a provider answer that is not three valid plans', async () => {
    const { provider } = countingProvider({ plans: 'two' });
    const process = createRecommendationProcessor({ store, provider, logger });
    await expect(process(job(request(4)))).rejects.toBeInstanceOf(InvalidRecommendationsError);
    expect(await store.getRecommendation('EVT-4')).toBeNull();
  });
});
