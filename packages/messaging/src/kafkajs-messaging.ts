import { Kafka, logLevel, Partitioners, type Admin, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from '@aisvc/logging';
import { kafkajsCompression, registerKafkaCodecs, type CompressionCodec } from './compression.js';
import { createKafkajsConsumer } from './kafkajs-consumer.js';
import {
  MessageTooLargeError,
  type ConsumerSettings,
  type MessageConsumer,
  type MessagePublisher,
  type Messaging,
  type TopicSpec,
} from './messaging.js';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Codec of what the publishers write (default none). Consumers read every codec whatever this says. */
  compression?: CompressionCodec;
  /** How long ensureTopics waits for a topic it created to have a leader on every partition (default 30 s). */
  topicReadyTimeoutMs?: number;
}

/**
 * Polls the topics' metadata until every partition has a leader. Retriable answers (the
 * broker does not know the topic yet, no leader yet) are waited out until the deadline.
 */
export async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let pending: string;
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const leaderless = topics.filter((name) => {
        const partitions = metadata.find((t) => t.name === name)?.partitions ?? [];
        return partitions.length === 0 || partitions.some((p) => p.leader < 0);
      });
      if (leaderless.length === 0) return;
      pending = `no leader yet for ${leaderless.join(', ')}`;
    } catch (error) {
      if (!isRetriableKafkaError(error)) throw error;
      pending = error.message;
    }
    if (Date.now() >= deadline) throw new Error(`topics ${topics.join(', ')} not ready after ${timeoutMs} ms: ${pending}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** kafkajs marks errors worth retrying with `retriable` (checked by shape: its classes are not ESM exports). */
function isRetriableKafkaError(error: unknown): error is Error {
  return error instanceof Error && 'retriable' in error && error.retriable === true;
}

/**
 * kafkajs warns about this at every producer start because our retry budget is bounded.
 * That is deliberate: a publish must fail within seconds (the api answers 503) rather than
 * hang; a resend after such a failure can at worst duplicate a request, and duplicates
 * are harmless here (one job per jobId). So it is not worth a warning on every start.
 */
const EXPECTED_WARNINGS = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/**
 * Broker answers kafkajs logs as errors although it retries them and they pass by
 * themselves: a fresh broker's "group coordinator is not available", leader elections,
 * rebalances. A red error line for them sends an operator hunting for nothing; they are
 * warnings. (Messages as in kafkajs's error table, src/protocol/error.js.)
 */
const TRANSIENT_BROKER_ERRORS = new Set([
  'The group coordinator is not available',
  'This is not the correct coordinator for this group',
  "The coordinator is loading and hence can't process requests for this group",
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'This server is not the leader for that topic-partition',
  'This server does not host this topic-partition',
  'The leader epoch in the request is older than the epoch on the broker',
  'The leader epoch in the request is newer than the epoch on the broker',
  'The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing',
  'The group is rebalancing, so a rejoin is needed',
  'The request timed out',
]);

/** Routes kafkajs's own log lines into our pino logger. */
export function pinoLogCreator(logger: Logger) {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const transient = typeof extra['error'] === 'string' && TRANSIENT_BROKER_ERRORS.has(extra['error']);
      if (EXPECTED_WARNINGS.has(message)) kafkaLogger.debug(extra, message);
      else if (level === logLevel.ERROR && transient) kafkaLogger.warn(extra, message);
      else if (level === logLevel.ERROR) kafkaLogger.error(extra, message);
      else if (level === logLevel.WARN) kafkaLogger.warn(extra, message);
      else if (level === logLevel.INFO) kafkaLogger.debug(extra, message); // kafkajs is chatty at INFO
      else kafkaLogger.trace(extra, message);
    };
}

export function createKafkaMessaging({ brokers, clientId, logger, compression = 'none', topicReadyTimeoutMs = 30_000 }: KafkaSettings): Messaging {
  registerKafkaCodecs();
  const kafka = new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.INFO,
    logCreator: pinoLogCreator(logger),
    // Give up on an unreachable broker after ~5 s (kafkajs's default is ~30 s), so an
    // HTTP client waiting on a publish gets its 503 while it still cares.
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 5 },
  });
  // One admin connection, shared by concurrent callers; a failed connect is tried again next time.
  const admin: Admin = kafka.admin();
  let adminConnecting: Promise<void> | undefined;
  const adminClient = async (): Promise<Admin> => {
    adminConnecting ??= admin.connect().catch((error: unknown) => {
      adminConnecting = undefined;
      throw error;
    });
    await adminConnecting;
    return admin;
  };

  return {
    createPublisher(): MessagePublisher {
      // Idempotent producer: a retried send never writes a message twice.
      // The default (murmur2, Java-compatible) partitioner, named so kafkajs does not warn:
      // one eventId always lands on one partition, keeping its requests in order.
      const producer: Producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      // Connected on first use, and again after a failed attempt: a process that only
      // sometimes publishes (the api) starts and serves reads while Kafka is away.
      let connecting: Promise<void> | undefined;
      const connected = (): Promise<void> => {
        connecting ??= producer.connect().catch((error: unknown) => {
          connecting = undefined;
          throw error;
        });
        return connecting;
      };
      return {
        async publish(topic, messages) {
          await connected();
          try {
            await producer.send({ topic, acks: -1, compression: kafkajsCompression(compression), messages });
          } catch (error) {
            // kafkajs's error classes are not ESM named exports; its protocol errors carry `type`.
            if (error instanceof Error && 'type' in error && error.type === 'MESSAGE_TOO_LARGE') {
              throw new MessageTooLargeError(`a record for ${topic} is larger than the topic accepts`, { cause: error });
            }
            throw error;
          }
        },
        async close() {
          if (connecting) await producer.disconnect();
        },
      };
    },

    createConsumer(settings: ConsumerSettings): MessageConsumer {
      return createKafkajsConsumer({ kafka, clientId, logger, adminClient }, settings);
    },

    async ensureTopics(topics: TopicSpec[]) {
      const client = await adminClient();
      const existing = new Set(await client.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length === 0) return;
      // kafkajs's own waitForLeaders gives up when the broker answers "does not host this
      // topic-partition", which a broker still applying the new topic to its metadata does for a
      // moment (seen under load: a bridge failed to start). So we wait for the leaders ourselves.
      await client.createTopics({
        waitForLeaders: false,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.partitions,
          ...(t.maxMessageBytes ? { configEntries: [{ name: 'max.message.bytes', value: String(t.maxMessageBytes) }] } : {}),
        })),
      });
      await waitForLeaders(client, missing.map((t) => t.topic), topicReadyTimeoutMs);
    },

    async ping() {
      const client = await adminClient();
      await client.describeCluster();
    },

    async close() {
      if (adminConnecting) await admin.disconnect();
      adminConnecting = undefined;
    },
  };
}
