import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type IHeaders, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from '@aisvc/logging';
import { findUnreadableBatch } from './batch-inspector.js';
import { kafkajsCompression, registerKafkaCodecs, type CompressionCodec } from './compression.js';
import {
  MessageTooLargeError,
  type ConsumerSettings,
  type InboundHeaders,
  type MessageConsumer,
  type MessageHandler,
  type MessagePublisher,
  type Messaging,
  type TopicSpec,
  type UnreadableBatch,
} from './messaging.js';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Codec of what the publishers write (default none). Consumers read every codec whatever this says. */
  compression?: CompressionCodec;
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

/** kafkajs's own rule for restarting a crashed consumer (its errors are not ESM exports: checked by shape). */
function isRetriableCrash(error: Error): boolean {
  let cause: unknown = error;
  while (cause instanceof Error && cause.cause !== undefined) cause = cause.cause;
  return error.name === 'KafkaJSNumberOfRetriesExceeded' || (cause instanceof Error && 'retriable' in cause && cause.retriable === true);
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

export function createKafkaMessaging({ brokers, clientId, logger, compression = 'none' }: KafkaSettings): Messaging {
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

    createConsumer({ groupId, topic, onFatal, onUnreadableBatch }: ConsumerSettings): MessageConsumer {
      const log = logger.child({ component: 'consumer', topic, group: groupId });
      // Partitions paused on a batch this client cannot decode, until an operator skips it.
      const unreadable = new Map<number, UnreadableBatch>();
      // Partitions with readable messages before such a batch: read one batch per fetch (see recover).
      const catchingUp = new Set<number>();
      let assigned: number[] = [];
      let current: Consumer | undefined;
      let stopping = false;

      const run = async (handler: MessageHandler) => {
        const careful = catchingUp.size > 0;
        const consumer = kafka.consumer({
          groupId,
          allowAutoTopicCreation: false,
          // A fetch returns as soon as a message arrives; maxWaitTimeInMs only bounds an idle
          // long poll, and a stop waits for that poll: 1 s instead of kafkajs's 5 s default.
          maxWaitTimeInMs: 1_000,
          // The broker always returns a partition's first batch whole, so a 1-byte limit
          // fetches one batch per partition: the readable ones before an unreadable batch
          // are handled and committed before the fetch that fails on it.
          ...(careful ? { maxBytesPerPartition: 1 } : {}),
          // Every crash comes to `recover` (CRASH below), which restarts when it should:
          // kafkajs itself would restart into the same undecodable batch, silently, forever.
          retry: { restartOnFailure: () => Promise.resolve(false) },
        });
        current = consumer;
        // Emitted inside the join, before the first fetch of the new assignment: a partition
        // that holds an unreadable batch is never fetched again until it is skipped.
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
          assigned = payload.memberAssignment[topic] ?? [];
          // One line per (re)join: a rebalance shows in every member's log.
          log.info({ memberId: payload.memberId, partitions: assigned, durationMs: payload.duration }, 'joined the consumer group');
          // A partition that moved away may be skipped by its new owner; if it comes back,
          // its batch is found again.
          for (const partition of [...unreadable.keys()]) if (!assigned.includes(partition)) unreadable.delete(partition);
          for (const partition of [...catchingUp]) if (!assigned.includes(partition)) catchingUp.delete(partition);
          const paused = assigned.filter((partition) => unreadable.has(partition));
          if (paused.length > 0) consumer.pause([{ topic, partitions: paused }]);
          if (careful && catchingUp.size === 0) setImmediate(() => void restart(consumer, handler)); // back to full fetches
        });
        consumer.on(consumer.events.CRASH, ({ payload }) => void recover(consumer, handler, payload.error));
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
      };

      /** Replaces `old` (if it is still the current consumer) with a new one: a rejoin. */
      const restart = async (old: Consumer, handler: MessageHandler, delayMs = 0) => {
        if (stopping || old !== current) return;
        try {
          await old.disconnect();
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (stopping) return;
          await run(handler);
        } catch (error) {
          onFatal(error instanceof Error ? error : new Error(String(error)));
        }
      };

      /**
       * kafkajs fails a whole fetch when one batch in it does not decode, without saying
       * which. So after a crash we look for such a batch in each partition we were reading,
       * from the group's committed offset. A batch right at that offset is reported and its
       * partition paused. A batch behind readable messages cannot be paused at yet (a fetch
       * of them would bring it along): the new consumer reads one batch per fetch until it
       * fails right at it, next time. Otherwise a crash kafkajs deems retriable (a broker
       * away, a handler that kept failing) restarts after a pause, and any other is fatal.
       */
      const recover = async (crashed: Consumer, handler: MessageHandler, error: Error) => {
        if (stopping || crashed !== current) return;
        let found: { batch: UnreadableBatch; from: string }[] = [];
        try {
          found = await locateUnreadableBatches(assigned.filter((partition) => !unreadable.has(partition)));
        } catch (locateError) {
          log.debug({ err: locateError }, 'could not look for an unreadable batch after the consumer crashed');
        }
        if (found.length === 0) {
          if (!isRetriableCrash(error)) {
            onFatal(error);
            return;
          }
          log.warn({ err: error }, 'the Kafka consumer crashed; restarting it in 1 s');
          await restart(crashed, handler, 1_000);
          return;
        }
        for (const { batch, from } of found) {
          if (batch.firstOffset === from) {
            catchingUp.delete(batch.partition);
            unreadable.set(batch.partition, batch);
            onUnreadableBatch(batch);
          } else {
            catchingUp.add(batch.partition);
            log.warn(
              { partition: batch.partition, committed: from, firstOffset: batch.firstOffset },
              `${topic}/${batch.partition} holds an unreadable batch at offset ${batch.firstOffset}: reading the messages before it one batch per fetch`,
            );
          }
        }
        await restart(crashed, handler);
      };

      const locateUnreadableBatches = async (partitions: number[]): Promise<{ batch: UnreadableBatch; from: string }[]> => {
        if (partitions.length === 0) return [];
        const client = await adminClient();
        const [committed, watermarks, metadata, cluster] = await Promise.all([
          client.fetchOffsets({ groupId, topics: [topic] }),
          client.fetchTopicOffsets(topic),
          client.fetchTopicMetadata({ topics: [topic] }),
          client.describeCluster(),
        ]);
        const found: { batch: UnreadableBatch; from: string }[] = [];
        for (const partition of partitions) {
          const commit = committed[0]?.partitions.find((p) => p.partition === partition)?.offset;
          // No commit yet: the group starts at the beginning (fromBeginning above).
          const from = commit !== undefined && commit !== '-1' ? commit : (watermarks.find((p) => p.partition === partition)?.low ?? '0');
          const leaderId = metadata.topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader;
          const leader = cluster.brokers.find((b) => b.nodeId === leaderId);
          if (!leader) throw new Error(`no leader known for ${topic}/${partition}`);
          const batch = await findUnreadableBatch({ host: leader.host, port: leader.port, clientId, topic, partition, fromOffset: BigInt(from) });
          if (batch) found.push({ batch, from });
        }
        return found;
      };

      return {
        start: (handler) => run(handler),
        async stop() {
          stopping = true;
          await current?.disconnect();
        },
        unreadableBatches: () => [...unreadable.values()].filter((batch) => assigned.includes(batch.partition)),
        async skipUnreadableBatch({ topic: from, partition, firstOffset }) {
          const held = unreadable.get(partition);
          if (from !== topic || !held || held.firstOffset !== firstOffset || !current || !assigned.includes(partition)) return false;
          const next = (BigInt(held.lastOffset) + 1n).toString();
          // kafkajs commits a seek (autoCommit) at its next fetch, then fetches from there.
          current.seek({ topic, partition, offset: next });
          current.resume([{ topic, partitions: [partition] }]);
          unreadable.delete(partition);
          const client = await adminClient();
          const deadline = Date.now() + 30_000;
          for (;;) {
            const offsets = await client.fetchOffsets({ groupId, topics: [topic] });
            const commit = offsets[0]?.partitions.find((p) => p.partition === partition)?.offset;
            if (commit !== undefined && commit !== '-1' && BigInt(commit) >= BigInt(next)) return true;
            if (Date.now() > deadline) throw new Error(`the commit past ${topic}/${partition}@${held.lastOffset} did not reach the broker within 30 s`);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        },
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
