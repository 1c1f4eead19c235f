import { brokerList } from '@aisvc/config';
import { createRequestIntake } from '@aisvc/intake';
import type { Logger } from '@aisvc/logging';
import { createKafkaMessaging } from '@aisvc/messaging';
import { connectRedis, RecommendationQueue } from '@aisvc/queue';
import { RedisAiStore } from '@aisvc/store';
import type { BridgeEnv } from './env.js';

export interface RunningBridge {
  /** Stops consuming (after the message in hand), then closes every connection. */
  stop(): Promise<void>;
}

/** Wires Kafka → intake → Redis/BullMQ and starts consuming. */
export async function startBridge(env: BridgeEnv, logger: Logger): Promise<RunningBridge> {
  const onError = (err: Error) => logger.warn({ err }, 'redis connection error');
  const queueRedis = await connectRedis(env.REDIS_URL, 'producer', { name: 'kafka-bridge:queue', onError });
  const cacheRedis = env.CACHE_REDIS_URL ? await connectRedis(env.CACHE_REDIS_URL, 'client', { name: 'kafka-bridge:cache', onError }) : queueRedis;
  const store = new RedisAiStore(cacheRedis, { keyPrefix: env.KEY_PREFIX });
  const queue = new RecommendationQueue(queueRedis, { name: env.QUEUE_NAME, prefix: env.QUEUE_PREFIX });

  const messaging = createKafkaMessaging({ brokers: brokerList(env.KAFKA_BROKERS), clientId: env.KAFKA_CLIENT_ID, logger });
  await messaging.ensureTopics([
    { topic: env.KAFKA_REQUEST_TOPIC, partitions: env.KAFKA_TOPIC_PARTITIONS },
    { topic: env.KAFKA_DLQ_TOPIC, partitions: env.KAFKA_TOPIC_PARTITIONS },
  ]);
  const deadLetters = messaging.createPublisher();
  const intake = createRequestIntake({
    store,
    queue,
    deadLetters,
    deadLetterTopic: env.KAFKA_DLQ_TOPIC,
    maxMessageBytes: env.MAX_MESSAGE_BYTES,
    logger,
  });

  const consumer = messaging.createConsumer({ groupId: env.KAFKA_CONSUMER_GROUP, topic: env.KAFKA_REQUEST_TOPIC });
  await consumer.start(async (message) => {
    await intake(message);
  });
  logger.info({ topic: env.KAFKA_REQUEST_TOPIC, group: env.KAFKA_CONSUMER_GROUP, queue: env.QUEUE_NAME }, 'bridge consuming');

  return {
    async stop() {
      await consumer.stop();
      await deadLetters.close();
      await messaging.close();
      await queue.close();
      if (cacheRedis !== queueRedis) await cacheRedis.quit();
      await queueRedis.quit();
    },
  };
}
