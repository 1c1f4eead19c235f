import { brokerList } from '@aisvc/config';
import type { Logger } from '@aisvc/logging';
import { createKafkaMessaging } from '@aisvc/messaging';
import { connectRedis, RecommendationQueue } from '@aisvc/queue';
import { RedisAiStore } from '@aisvc/store';
import { buildApi } from './app.js';
import type { ApiEnv } from './env.js';

export interface RunningApi {
  /** Where the server listens, e.g. http://127.0.0.1:8083. */
  url: string;
  stop(): Promise<void>;
}

/** Wires Redis, Kafka and the Fastify app, and starts listening. */
export async function startApi(env: ApiEnv, logger: Logger): Promise<RunningApi> {
  const onError = (err: Error) => logger.warn({ err }, 'redis connection error');
  const cacheRedis = await connectRedis(env.CACHE_REDIS_URL ?? env.REDIS_URL, 'client', { name: 'api:cache', onError });
  const queueRedis = await connectRedis(env.REDIS_URL, 'producer', { name: 'api:queue', onError });
  const store = new RedisAiStore(cacheRedis, { keyPrefix: env.KEY_PREFIX });
  const messaging = createKafkaMessaging({ brokers: brokerList(env.KAFKA_BROKERS), clientId: `${env.KAFKA_CLIENT_ID}-api`, logger });
  const publisher = messaging.createPublisher();
  // Only for Bull Board: the API never adds jobs itself, the bridge does.
  const queue = new RecommendationQueue(queueRedis, { name: env.QUEUE_NAME, prefix: env.QUEUE_PREFIX });

  const app = await buildApi(
    {
      store,
      requests: {
        publish: (request) =>
          publisher.publish(env.KAFKA_REQUEST_TOPIC, [{ key: request.eventId, value: JSON.stringify(request) }]),
      },
      health: { redis: () => store.ping(), kafka: () => messaging.ping() },
      ...(env.BULL_BOARD_PASSWORD
        ? { dashboard: { queue: queue.queue, user: env.BULL_BOARD_USER, password: env.BULL_BOARD_PASSWORD } }
        : {}),
    },
    { logger, bodyLimitBytes: env.BODY_LIMIT_BYTES },
  );
  const url = await app.listen({ host: env.HOST, port: env.PORT });
  logger.info({ url, docs: `${url}/docs` }, 'api listening');

  return {
    url,
    async stop() {
      await app.close(); // stops accepting, lets requests in flight finish
      await publisher.close();
      await messaging.close();
      await queue.close();
      await queueRedis.quit();
      await cacheRedis.quit();
    },
  };
}
