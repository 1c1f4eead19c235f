import { brokerList } from '@aisvc/config';
import { hostname } from 'node:os';
import { createBackpressure, createRequestIntake, createUnreadableBatchKeeper } from '@aisvc/intake';
import type { Logger } from '@aisvc/logging';
import { createKafkaMessaging } from '@aisvc/messaging';
import { connectRedis, RecommendationQueue } from '@aisvc/queue';
import { Resources, type Lifecycle, type RunningService } from '@aisvc/service-runtime';
import { RedisAiStore, RedisIntakeControl } from '@aisvc/store';
import type { BridgeEnv } from './env.js';

// Room for the DLQ headers (error reason, source coordinates) on top of the original bytes.
const DLQ_HEADROOM_BYTES = 64 * 1024;

/** Wires Kafka → intake → Redis/BullMQ and starts consuming. */
export async function startBridge(env: BridgeEnv, logger: Logger, lifecycle?: Lifecycle): Promise<RunningService> {
  if (env.QUEUE_LOW_WATER_MARK >= env.QUEUE_HIGH_WATER_MARK) {
    throw new Error(`QUEUE_LOW_WATER_MARK (${env.QUEUE_LOW_WATER_MARK}) must be below QUEUE_HIGH_WATER_MARK (${env.QUEUE_HIGH_WATER_MARK})`);
  }
  const resources = new Resources();
  try {
    const onError = (err: Error) => logger.warn({ err }, 'redis connection error');
    const queueRedis = resources.add(await connectRedis(env.REDIS_URL, 'producer', { name: 'kafka-bridge:queue', onError }), (r) => r.quit());
    const cacheRedis = env.CACHE_REDIS_URL
      ? resources.add(await connectRedis(env.CACHE_REDIS_URL, 'client', { name: 'kafka-bridge:cache', onError }), (r) => r.quit())
      : queueRedis;
    const onInvalid = (key: string, problems: string[]) => logger.warn({ key, problems }, 'invalid record in Redis ignored');
    const store = new RedisAiStore(cacheRedis, { keyPrefix: env.KEY_PREFIX, onInvalid });
    const queue = resources.add(new RecommendationQueue(queueRedis, { name: env.QUEUE_NAME, prefix: env.QUEUE_PREFIX }), (q) => q.close());

    const messaging = resources.add(
      createKafkaMessaging({ brokers: brokerList(env.KAFKA_BROKERS), clientId: env.KAFKA_CLIENT_ID, logger, compression: env.KAFKA_COMPRESSION }),
      (m) => m.close(),
    );
    await messaging.ensureTopics([
      { topic: env.KAFKA_REQUEST_TOPIC, partitions: env.KAFKA_TOPIC_PARTITIONS },
      // The DLQ must take any record the request topic took, plus its headers.
      { topic: env.KAFKA_DLQ_TOPIC, partitions: env.KAFKA_TOPIC_PARTITIONS, maxMessageBytes: env.MAX_MESSAGE_BYTES + DLQ_HEADROOM_BYTES },
    ]);
    const deadLetters = resources.add(messaging.createPublisher(), (p) => p.close());
    const intake = createRequestIntake({
      store,
      queue,
      deadLetters,
      deadLetterTopic: env.KAFKA_DLQ_TOPIC,
      maxMessageBytes: env.MAX_MESSAGE_BYTES,
      maxMessageAgeMs: env.MAX_MESSAGE_AGE_MS,
      logger,
    });

    // Batches the consumer cannot read: reported until an operator has them skipped.
    const keeper = createUnreadableBatchKeeper({
      control: new RedisIntakeControl(cacheRedis, { keyPrefix: env.KEY_PREFIX, onInvalid }),
      deadLetters,
      deadLetterTopic: env.KAFKA_DLQ_TOPIC,
      holder: `${hostname()}/${process.pid}`,
      logger,
    });
    const consumer = resources.add(
      messaging.createConsumer({
        groupId: env.KAFKA_CONSUMER_GROUP,
        topic: env.KAFKA_REQUEST_TOPIC,
        onFatal: (error) => {
          logger.fatal({ err: error }, 'the Kafka consumer stopped for good');
          lifecycle?.fail(error);
        },
        onUnreadableBatch: (batch) => keeper.onUnreadableBatch(batch),
        maxBatchSize: env.KAFKA_MAX_BATCH_SIZE,
      }),
      (c) => c.stop(), // finish and commit the message in hand
    );
    resources.add(keeper, (k) => k.stop()).start(consumer); // closed first: no skip under way while the consumer stops
    const backpressure = createBackpressure({
      backlog: () => queue.backlog(),
      consumer,
      highWaterMark: env.QUEUE_HIGH_WATER_MARK,
      lowWaterMark: env.QUEUE_LOW_WATER_MARK,
      logger,
    });
    await backpressure.check(); // before the first fetch: a full queue is not fed any more
    resources.add(backpressure, (b) => b.stop()).start();
    await consumer.start(async (messages) => {
      await intake(messages);
    });
    logger.info({ topic: env.KAFKA_REQUEST_TOPIC, group: env.KAFKA_CONSUMER_GROUP, queue: env.QUEUE_NAME }, 'bridge consuming');
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
  return { stop: () => resources.closeAll((err) => logger.warn({ err }, 'error while stopping')) };
}
