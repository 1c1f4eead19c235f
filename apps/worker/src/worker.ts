import { createRuleBasedProvider } from '@aisvc/ai-providers';
import type { Logger } from '@aisvc/logging';
import { createRecommendationProcessor } from '@aisvc/processor';
import { connectRedis, createRecommendationWorker } from '@aisvc/queue';
import { RedisAiStore } from '@aisvc/store';
import type { WorkerEnv } from './env.js';

export interface RunningWorker {
  /** Lets the jobs in hand finish, then closes every connection. */
  stop(): Promise<void>;
}

/** Wires BullMQ → processor → provider and Redis, and starts taking jobs. */
export async function startWorker(env: WorkerEnv, logger: Logger): Promise<RunningWorker> {
  const onError = (err: Error) => logger.warn({ err }, 'redis connection error');
  const queueRedis = await connectRedis(env.REDIS_URL, 'worker', { name: 'worker:queue', onError });
  const cacheRedis = await connectRedis(env.CACHE_REDIS_URL ?? env.REDIS_URL, 'client', { name: 'worker:cache', onError });
  const store = new RedisAiStore(cacheRedis, { keyPrefix: env.KEY_PREFIX });
  // Claude and GPT-4 come with the provider issue; with no keys the built-in generator runs.
  const provider = createRuleBasedProvider();
  const processor = createRecommendationProcessor({
    store,
    provider,
    logger,
    trendCache: { lockTtlMs: env.TREND_LOCK_TTL_MS, pollIntervalMs: 100, waitTimeoutMs: env.TREND_WAIT_TIMEOUT_MS },
  });
  const worker = createRecommendationWorker(
    queueRedis,
    { name: env.QUEUE_NAME, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY },
    processor,
  );
  worker.on('error', (err) => logger.error({ err }, 'worker error'));
  await worker.waitUntilReady();
  logger.info({ queue: env.QUEUE_NAME, concurrency: env.WORKER_CONCURRENCY, provider: provider.name }, 'worker ready');

  return {
    async stop() {
      await worker.close();
      await cacheRedis.quit();
      await queueRedis.quit();
    },
  };
}
