import { createRuleBasedProvider } from '@aisvc/ai-providers';
import type { Logger } from '@aisvc/logging';
import { createRecommendationProcessor, recordFinalFailure } from '@aisvc/processor';
import { connectRedis, createRecommendationWorker } from '@aisvc/queue';
import { Resources, type RunningService } from '@aisvc/service-runtime';
import { RedisAiStore } from '@aisvc/store';
import type { WorkerEnv } from './env.js';

/** Wires BullMQ → processor → provider and Redis, and starts taking jobs. */
export async function startWorker(env: WorkerEnv, logger: Logger): Promise<RunningService> {
  const resources = new Resources();
  try {
    const onError = (err: Error) => logger.warn({ err }, 'redis connection error');
    const queueRedis = resources.add(await connectRedis(env.REDIS_URL, 'worker', { name: 'worker:queue', onError }), (r) => r.quit());
    const cacheRedis = resources.add(
      await connectRedis(env.CACHE_REDIS_URL ?? env.REDIS_URL, 'client', { name: 'worker:cache', onError }),
      (r) => r.quit(),
    );
    const store = new RedisAiStore(cacheRedis, { keyPrefix: env.KEY_PREFIX, onInvalid: (key, problems) => logger.warn({ key, problems }, 'invalid record in Redis ignored') });
    // Claude and GPT-4 come with the provider issue; with no keys the built-in generator runs.
    const provider = createRuleBasedProvider();
    const processor = createRecommendationProcessor({
      store,
      provider,
      logger,
      trendCache: { lockTtlMs: env.TREND_LOCK_TTL_MS, pollIntervalMs: 100, waitTimeoutMs: env.TREND_WAIT_TIMEOUT_MS },
    });
    const worker = resources.add(
      createRecommendationWorker(
        queueRedis,
        { name: env.QUEUE_NAME, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY },
        processor,
        // BullMQ can fail a job without running it (stalled too often): the status must say so too.
        (job, reason) => recordFinalFailure(store, logger, job, reason),
      ),
      (w) => w.close(), // first to close: lets the jobs in hand finish
    );
    worker.on('error', (err) => logger.error({ err }, 'worker error'));
    await worker.waitUntilReady();
    logger.info({ queue: env.QUEUE_NAME, concurrency: env.WORKER_CONCURRENCY, provider: provider.name }, 'worker ready');
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
  return { stop: () => resources.closeAll((err) => logger.warn({ err }, 'error while stopping')) };
}
