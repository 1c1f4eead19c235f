import { brokerList } from '@aisvc/config';
import { createRequestSubmitter } from '@aisvc/intake';
import type { Logger } from '@aisvc/logging';
import { createKafkaMessaging } from '@aisvc/messaging';
import { connectRedis, RecommendationQueue } from '@aisvc/queue';
import { Resources, type RunningService } from '@aisvc/service-runtime';
import { RedisAiStore, RedisIntakeControl } from '@aisvc/store';
import { buildApi } from './app.js';
import type { ApiEnv } from './env.js';

export interface RunningApi extends RunningService {
  /** Where the server listens, e.g. http://127.0.0.1:8083. */
  url: string;
}

/** Wires Redis, Kafka and the Fastify app, and starts listening. */
export async function startApi(env: ApiEnv, logger: Logger): Promise<RunningApi> {
  const resources = new Resources();
  try {
    const onError = (err: Error) => logger.warn({ err }, 'redis connection error');
    const queueRedis = resources.add(await connectRedis(env.REDIS_URL, 'producer', { name: 'api:queue', onError }), (r) => r.quit());
    const cacheRedis = env.CACHE_REDIS_URL
      ? resources.add(await connectRedis(env.CACHE_REDIS_URL, 'client', { name: 'api:cache', onError }), (r) => r.quit())
      : queueRedis;
    const onInvalid = (key: string, problems: string[]) => logger.warn({ key, problems }, 'invalid record in Redis ignored');
    const store = new RedisAiStore(cacheRedis, { keyPrefix: env.KEY_PREFIX, onInvalid });
    const intakeControl = new RedisIntakeControl(cacheRedis, { keyPrefix: env.KEY_PREFIX, onInvalid });
    const messaging = resources.add(
      createKafkaMessaging({ brokers: brokerList(env.KAFKA_BROKERS), clientId: `${env.KAFKA_CLIENT_ID}-api`, logger, compression: env.KAFKA_COMPRESSION }),
      (m) => m.close(),
    );
    const publisher = resources.add(messaging.createPublisher(), (p) => p.close());
    // Only for Bull Board: the API never adds jobs itself, the bridge does.
    const queue = resources.add(new RecommendationQueue(queueRedis, { name: env.QUEUE_NAME, prefix: env.QUEUE_PREFIX }), (q) => q.close());

    const app = await buildApi(
      {
        store,
        submit: createRequestSubmitter({
          store,
          publish: (request) => publisher.publish(env.KAFKA_REQUEST_TOPIC, [{ key: request.eventId, value: JSON.stringify(request) }]),
          logger,
        }),
        health: {
          // Both roles, when they are separate Redis servers.
          redis: async () => {
            await Promise.all([queueRedis.ping(), cacheRedis === queueRedis ? undefined : cacheRedis.ping()]);
          },
          kafka: () => messaging.ping(),
          unreadableBatches: () => intakeControl.listUnreadable(),
        },
        ...(env.BULL_BOARD_PASSWORD
          ? { dashboard: { queue: queue.queue, user: env.BULL_BOARD_USER, password: env.BULL_BOARD_PASSWORD } }
          : {}),
      },
      { logger, bodyLimitBytes: env.BODY_LIMIT_BYTES },
    );
    resources.add(app, (a) => a.close()); // first to close: stop accepting, finish requests in flight
    const url = await app.listen({ host: env.HOST, port: env.PORT });
    logger.info({ url, docs: `${url}/docs` }, 'api listening');
    return { url, stop: () => resources.closeAll((err) => logger.warn({ err }, 'error while stopping')) };
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}
