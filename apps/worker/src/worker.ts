import { hostname } from 'node:os';
import { buildProviderChain } from '@aisvc/ai-providers';
import type { Logger } from '@aisvc/logging';
import { createRecommendationProcessor, recordFinalFailure } from '@aisvc/processor';
import { connectRedis, createRecommendationWorker } from '@aisvc/queue';
import { Resources, type RunningService } from '@aisvc/service-runtime';
import { RedisAiStore, RedisRateGate } from '@aisvc/store';
import type { WorkerEnv } from './env.js';
import { providersFromEnv, rateLimitsFromEnv } from './providers.js';

/** Breaker states live this long in Redis unless published again (every 10 s, and on every change). */
const BREAKER_STATE_TTL_S = 30;

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
    const workerId = env.WORKER_ID ?? `${hostname()}:${process.pid}`;
    // With no API keys the chain is RULE_BASED alone, exactly as before the LLM providers.
    const provider = resources.add(
      await buildProviderChain(providersFromEnv(env), {
        logger,
        rateGate: new RedisRateGate(cacheRedis, rateLimitsFromEnv(env), { keyPrefix: env.KEY_PREFIX }),
        board: (states) => store.publishBreakerStates(workerId, states, BREAKER_STATE_TTL_S),
      }),
      (chain) => chain.close(),
    );
    const processor = createRecommendationProcessor({
      store,
      provider,
      logger,
      deadlineMs: env.JOB_DEADLINE_MS,
      trendCache: {
        lockTtlMs: env.TREND_LOCK_TTL_MS,
        pollIntervalMs: env.TREND_WAIT_POLL_MS,
        fallbackTtlSeconds: env.FALLBACK_TREND_TTL_S,
        reserveMs: Math.min(env.LLM_MIN_CALL_MS * 2, env.JOB_DEADLINE_MS / 4),
        localTtlMs: env.TREND_LOCAL_TTL_MS,
      },
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
    const chain = [...provider.breakerStates().map((b) => b.provider), 'RULE_BASED'];
    logger.info({ queue: env.QUEUE_NAME, concurrency: env.WORKER_CONCURRENCY, providers: chain, model: provider.model, workerId }, 'worker ready');
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
  return { stop: () => resources.closeAll((err) => logger.warn({ err }, 'error while stopping')) };
}
