// Single flight at LLM latencies, across real worker processes: a burst of 200
// jobs over 5 (industry, region) pairs, a vendor taking 2 s per trend analysis,
// two worker processes → exactly 5 trend calls, and no job spends an attempt
// waiting (waiters are delayed jobs off their worker slots, not failures).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { JobRequest } from '@aisvc/contracts';
import { sampleLlmAnswers } from '@aisvc/ai-providers';
import { bullJobId, connectRedis, jobCatalog, RECOMMENDATION_JOB, RecommendationQueue } from '@aisvc/queue';
import { RedisAiStore } from '@aisvc/store';
import { anthropicReplies, isolatedEnv, requestedOutput, startApp, startFakeVendor, testServices, waitFor, type AppProcess, type FakeVendor } from '@aisvc/testkit';

const env = isolatedEnv('single-flight');
const PAIRS = [['카페', '성동구'], ['음식점', '강남구'], ['미용실', '마포구'], ['헬스장', '송파구'], ['베이커리', '해운대구']] as const;
const JOBS = 200;
const TREND_LATENCY_MS = 2_000;

let redis: Redis;
let queue: RecommendationQueue;
let fake: FakeVendor;
const workers: AppProcess[] = [];

const requestOf = (i: number): JobRequest => {
  const [industry, region] = PAIRS[i % PAIRS.length] ?? PAIRS[0];
  return { jobId: `SF-${i}`, eventId: `EVT-SF-${i}`, objective: '신규 고객 유치', industry, region, season: '겨울' };
};

beforeAll(async () => {
  const sample = sampleLlmAnswers(requestOf(0));
  fake = await startFakeVendor('anthropic', (request) =>
    requestedOutput(request) === 'plans' ? anthropicReplies.ok(sample.plans) : { ...anthropicReplies.ok(sample.trends), latencyMs: TREND_LATENCY_MS },
  );
  redis = await connectRedis(testServices.redisUrl, 'producer');
  queue = new RecommendationQueue(redis, { name: env.QUEUE_NAME, prefix: 'bull' });
  const workerEnv = { ...env, WORKER_CONCURRENCY: '50', ANTHROPIC_API_KEY: 'test-key', CLAUDE_BASE_URL: fake.baseURL };
  workers.push(...(await Promise.all([startApp('worker', { ...workerEnv, WORKER_ID: 'w1' }), startApp('worker', { ...workerEnv, WORKER_ID: 'w2' })])));
}, 60_000);
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await redis.quit();
  await fake.close();
});

describe('single flight across two worker processes', () => {
  it('200 jobs over 5 pairs with a 2 s vendor make exactly 5 trend calls; waiting uses no attempt', async () => {
    const requests = Array.from({ length: JOBS }, (_, i) => requestOf(i));
    await queue.queue.addBulk(requests.map((data) => ({ name: RECOMMENDATION_JOB, data, opts: { ...jobCatalog[RECOMMENDATION_JOB].options, jobId: bullJobId(data.jobId) } })));
    await waitFor(async () => (await queue.queue.getCompletedCount()) === JOBS || undefined, { what: `${JOBS} jobs completed`, timeoutMs: 60_000, intervalMs: 200 });

    const trendCalls = fake.requests.filter((r) => requestedOutput(r) === 'trends');
    expect(trendCalls).toHaveLength(PAIRS.length);
    expect(fake.requests.filter((r) => requestedOutput(r) === 'plans')).toHaveLength(JOBS);
    const store = new RedisAiStore(redis, { keyPrefix: env.KEY_PREFIX });
    const statuses = await Promise.all(requests.map((r) => store.getStatus(r.jobId)));
    expect(statuses.every((s) => s?.status === 'COMPLETED' && s.attempt === 1)).toBe(true);
    const jobs = await queue.queue.getJobs(['completed'], 0, JOBS);
    expect(jobs).toHaveLength(JOBS);
    // attemptsMade counts the one successful attempt; the delayed waits added none.
    expect(jobs.every((j) => j.attemptsMade === 1)).toBe(true);
    expect(jobs.filter((j) => (j.attemptsStarted ?? 0) > 1).length).toBeGreaterThan(0); // some did wait, deferred
    const results = await Promise.all(requests.map((r) => store.getRecommendation(r.eventId)));
    expect(results.every((r) => r?.aiProvider === 'CLAUDE' && r.trendAnalysis.aiProvider === 'CLAUDE')).toBe(true);
    // No attempt failed anywhere.
    expect(workers.flatMap((w) => w.logs).filter((l) => l.msg === 'job attempt failed; will retry')).toEqual([]);
  });
});
