import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { JobRequest } from '@aisvc/contracts';
import { connectRedis, RecommendationQueue } from '@aisvc/queue';
import { RedisAiStore } from '@aisvc/store';
import { isolatedEnv, runAppToExit, startApp, testServices, waitFor } from '@aisvc/testkit';

const env = isolatedEnv('worker');
let redis: Redis;
let queue: RecommendationQueue;

beforeAll(async () => {
  redis = await connectRedis(testServices.redisUrl, 'producer');
  queue = new RecommendationQueue(redis, { name: env.QUEUE_NAME, prefix: 'bull' });
});
afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await redis.quit();
});

describe('worker process', () => {
  it('processes queued jobs and stops gracefully on SIGTERM', async () => {
    const worker = await startApp('worker', { ...env, WORKER_CONCURRENCY: '4' });
    const requests: JobRequest[] = [1, 2, 3].map((n) => ({
      jobId: `W-${n}`, eventId: `EVT-W-${n}`, objective: '인지도 향상', industry: '미용실', region: '송파구', season: '봄',
    }));
    for (const r of requests) await queue.enqueue(r);
    const store = new RedisAiStore(redis, { keyPrefix: env.KEY_PREFIX });
    for (const r of requests) {
      await waitFor(async () => (await store.getStatus(r.jobId))?.status === 'COMPLETED', { what: `${r.jobId} completed` });
      expect((await store.getRecommendation(r.eventId))?.recommendations).toHaveLength(3);
    }
    expect(await worker.stop()).toBe(0);
    expect(worker.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('refuses to start with a bad variable, naming it', async () => {
    const { code, output } = await runAppToExit('worker', { ...env, WORKER_CONCURRENCY: 'lots' });
    expect(code).toBe(1);
    expect(output).toMatch(/worker: invalid configuration:[\s\S]*WORKER_CONCURRENCY: .*"lots"/);
  });

  // Two processes at once, with room: from a fresh clone each start takes 5-6 s, and 15-17 s with two CI runs on the machine.
  it('refuses a provider chain naming a vendor that has no key, and bad prices', async () => {
    const [chain, prices] = await Promise.all([
      runAppToExit('worker', { ...env, AI_PROVIDERS: 'CLAUDE,RULE_BASED' }, 50_000),
      runAppToExit('worker', { ...env, LLM_PRICES: '{"m": {"input": "cheap"}}' }, 50_000),
    ]);
    expect(chain.code).toBe(1);
    expect(chain.output).toContain('CLAUDE is in the provider chain but ANTHROPIC_API_KEY is not set');
    expect(prices.code).toBe(1);
    expect(prices.output).toMatch(/LLM_PRICES/);
  }, 60_000);

  it('fails fast when Redis cannot be reached', async () => {
    const { code, output } = await runAppToExit('worker', { ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).toBe(1);
    expect(output).toContain('cannot connect to Redis at redis://127.0.0.1:1');
    expect(output).not.toContain('Unhandled error event');
  });
});
