import { Kafka, logLevel, Partitioners, type Admin, type IHeaders, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from '@aisvc/logging';
import {
  MessageTooLargeError,
  type ConsumerSettings,
  type InboundHeaders,
  type MessageConsumer,
  type MessageHandler,
  type MessagePublisher,
  type Messaging,
  type TopicSpec,
} from './messaging.js';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/**
 * kafkajs warns about this at every producer start because our retry budget is bounded.
 * That is deliberate: a publish must fail within seconds (the api answers 503) rather than
 * hang; a resend after such a failure can at worst duplicate a request, and duplicates
 * are harmless here (one job per jobId). So it is not worth a warning on every start.
 */
const EXPECTED_WARNINGS = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/** Routes kafkajs's own log lines into our pino logger. */
function pinoLogCreator(logger: Logger) {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      if (EXPECTED_WARNINGS.has(message)) kafkaLogger.debug(extra, message);
      else if (level === logLevel.ERROR) kafkaLogger.error(extra, message);
      else if (level === logLevel.WARN) kafkaLogger.warn(extra, message);
      else if (level === logLevel.INFO) kafkaLogger.debug(extra, message); // kafkajs is chatty at INFO
      else kafkaLogger.trace(extra, message);
    };
}

/** kafkajs hands header values over as Buffers (lists for a repeated name); kept as they are. */
function inboundHeaders(headers: IHeaders | undefined): InboundHeaders {
  const out: InboundHeaders = {};
  const bytes = (v: Buffer | string) => (typeof v === 'string' ? Buffer.from(v) : v);
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(bytes) : bytes(value);
  }
  return out;
}

export function createKafkaMessaging({ brokers, clientId, logger }: KafkaSettings): Messaging {
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
            await producer.send({ topic, acks: -1, messages });
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

    createConsumer({ groupId, topic, onFatal }: ConsumerSettings): MessageConsumer {
      // A fetch returns as soon as a message arrives; maxWaitTimeInMs only bounds an idle
      // long poll, and a stop waits for that poll: 1 s instead of kafkajs's 5 s default.
      const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1_000 });
      // kafkajs restarts a crashed consumer only for errors it deems retriable; otherwise
      // the process would stay up with nobody consuming.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) onFatal(payload.error);
      });
      return {
        async start(handler: MessageHandler) {
          await consumer.connect();
          // From the beginning for a new group: a request published before the first
          // bridge ever ran is still handled (duplicates are harmless: one job per jobId).
          await consumer.subscribe({ topics: [topic], fromBeginning: true });
          await consumer.run({
            // kafkajs resolves an offset only after eachMessage resolved, and commits the
            // resolved offsets after each fetched batch, on an error (up to the failed
            // message, which is then fetched again) and when the consumer stops. So only
            // handled messages are committed, without a broker round trip per message
            // (which capped a consumer at ~1k msgs/s in the intake benchmark).
            autoCommit: true,
            eachMessage: async ({ topic: from, partition, message }) => {
              try {
                await handler({
                  topic: from,
                  partition,
                  offset: message.offset,
                  key: message.key,
                  value: message.value,
                  headers: inboundHeaders(message.headers),
                  timestamp: Number(message.timestamp),
                });
              } catch (error) {
                // kafkajs gives up for good on TypeError/RangeError & co.; a handler failure
                // must mean "deliver it again", so it reaches kafkajs as a plain Error.
                throw new Error(`handler failed at ${from}/${partition}@${message.offset}`, { cause: error });
              }
            },
          });
        },
        stop: () => consumer.disconnect(),
      };
    },

    async ensureTopics(topics: TopicSpec[]) {
      const client = await adminClient();
      const existing = new Set(await client.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length === 0) return;
      await client.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.partitions,
          ...(t.maxMessageBytes ? { configEntries: [{ name: 'max.message.bytes', value: String(t.maxMessageBytes) }] } : {}),
        })),
      });
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
