import type { Admin, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from '@aisvc/logging';
import { findUnreadableBatch } from './batch-inspector.js';
import type { ConsumerSettings, InboundHeaders, InboundMessage, MessageConsumer, MessageHandler, UnreadableBatch } from './messaging.js';

/** What the consumer borrows from the messaging instance that creates it. */
export interface ConsumerContext {
  kafka: Kafka;
  clientId: string;
  logger: Logger;
  adminClient: () => Promise<Admin>;
}

const DEFAULTS = { maxBatchSize: 500, retryInitialMs: 200, retryMaxMs: 5_000, partitionsConcurrently: 1 };

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

const inbound = (topic: string, partition: number, message: KafkaMessage): InboundMessage => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key,
  value: message.value,
  headers: inboundHeaders(message.headers),
  timestamp: Number(message.timestamp),
});

/**
 * A consumer group member on one topic, kafkajs behind it. What it adds to kafkajs:
 * - batches: the handler gets a partition's fetched messages in runs of up to
 *   maxBatchSize (two in flight per partition); their offsets are resolved in order after
 *   the handler resolved and committed after each fetch, with heartbeats between runs;
 * - a failing handler (Redis down, say) pauses only its partition and gets the same run
 *   again after a capped backoff, while the member stays in the group (heartbeats go on):
 *   no crash, no rebalance of the other members;
 * - holds: every partition can be held (backpressure) on top of the partition holds;
 * - batches it cannot decode are found, reported and held (see `recover`).
 */
export function createKafkajsConsumer(context: ConsumerContext, settings: ConsumerSettings): MessageConsumer {
  const { kafka, clientId, adminClient } = context;
  const { groupId, topic, onFatal, onUnreadableBatch } = settings;
  const maxBatchSize = settings.maxBatchSize ?? DEFAULTS.maxBatchSize;
  const retryInitialMs = settings.retry?.initialMs ?? DEFAULTS.retryInitialMs;
  const retryMaxMs = settings.retry?.maxMs ?? DEFAULTS.retryMaxMs;
  const log = context.logger.child({ component: 'consumer', topic, group: groupId });

  // Partitions paused on a batch this client cannot decode, until an operator skips it.
  const unreadable = new Map<number, UnreadableBatch>();
  // Partitions with readable messages before such a batch: read one batch per fetch (see recover).
  const catchingUp = new Set<number>();
  // Partitions whose handler failed: attempts so far, and whether a retry is being waited for.
  const failing = new Map<number, { attempts: number; since: number; waiting: boolean }>();
  let heldAll = false;
  let assigned: number[] = [];
  let joined = false;
  let current: Consumer | undefined;
  let stopping = false;

  const isHeld = (partition: number) => heldAll || unreadable.has(partition) || failing.get(partition)?.waiting === true;

  /** Pauses or resumes each assigned partition to match the holds. */
  const applyHolds = () => {
    if (!current || !joined) return;
    const pause = assigned.filter(isHeld);
    const resume = assigned.filter((partition) => !isHeld(partition));
    if (pause.length > 0) current.pause([{ topic, partitions: pause }]);
    if (resume.length > 0) current.resume([{ topic, partitions: resume }]);
  };

  /** The handler failed on `partition`: hold it, and let it go again after a backoff with jitter. */
  const backOff = (partition: number, firstOffset: string, error: unknown) => {
    const state = failing.get(partition) ?? { attempts: 0, since: Date.now(), waiting: false };
    state.attempts += 1;
    state.waiting = true;
    failing.set(partition, state);
    const ceiling = Math.min(retryMaxMs, retryInitialMs * 2 ** (state.attempts - 1));
    const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    // One warning when a partition starts failing; the repeats are debug lines.
    const line = { err: error, partition, offset: firstOffset, attempt: state.attempts, retryInMs: delayMs };
    if (state.attempts === 1) log.warn(line, `handling ${topic}/${partition} failed; partition paused, the same messages come again after a backoff`);
    else log.debug(line, 'handling failed again');
    applyHolds();
    setTimeout(() => {
      state.waiting = false;
      applyHolds();
    }, delayMs).unref();
  };

  const recovered = (partition: number) => {
    const state = failing.get(partition);
    if (!state) return;
    failing.delete(partition);
    log.info({ partition, attempts: state.attempts, outageMs: Date.now() - state.since }, `handling ${topic}/${partition} works again`);
  };

  const run = async (handler: MessageHandler) => {
    const careful = catchingUp.size > 0;
    joined = false;
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      // A fetch returns as soon as a message arrives; maxWaitTimeInMs only bounds an idle
      // long poll, and a stop waits for that poll: 1 s instead of kafkajs's 5 s default.
      maxWaitTimeInMs: 1_000,
      // A member that died (kill -9) keeps its partitions until its session expires: 15 s
      // instead of kafkajs's 30 s. Heartbeats go out between runs, and a run is bounded by
      // the Redis command timeout (5 s) and the DLQ send (~5 s), well within it.
      sessionTimeout: 15_000,
      // The broker always returns a partition's first batch whole, so a 1-byte limit
      // fetches one batch per partition: the readable ones before an unreadable batch
      // are handled and committed before the fetch that fails on it.
      ...(careful ? { maxBytesPerPartition: 1 } : {}),
      // Every crash comes to `recover` (CRASH below), which restarts when it should:
      // kafkajs itself would restart into the same undecodable batch, silently, forever.
      retry: { restartOnFailure: () => Promise.resolve(false) },
    });
    current = consumer;
    // Emitted inside the join, before the first fetch of the new assignment: a held
    // partition is never fetched until it is let go.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      assigned = payload.memberAssignment[topic] ?? [];
      joined = true;
      // One line per (re)join: a rebalance shows in every member's log.
      log.info({ memberId: payload.memberId, partitions: assigned, durationMs: payload.duration }, 'joined the consumer group');
      // A partition that moved away may be skipped by its new owner; if it comes back,
      // its batch is found again.
      for (const partition of [...unreadable.keys()]) if (!assigned.includes(partition)) unreadable.delete(partition);
      for (const partition of [...catchingUp]) if (!assigned.includes(partition)) catchingUp.delete(partition);
      applyHolds();
      if (careful && catchingUp.size === 0) setImmediate(() => void restart(consumer, handler)); // back to full fetches
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => void recover(consumer, handler, payload.error));
    await consumer.connect();
    // From the beginning for a new group: a request published before the first
    // bridge ever ran is still handled (duplicates are harmless: one job per jobId).
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      // Offsets are resolved here, run by run, only after the handler resolved (so a
      // batch left half done is fetched again from the first message not handled), and
      // committed by kafkajs after each fetch and when the consumer stops.
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: settings.partitionsConcurrently ?? DEFAULTS.partitionsConcurrently,
      eachBatch: async (payload) => {
        const { partition, messages } = payload.batch;
        // Two runs of a partition in flight: the next run's parsing and status script
        // overlap this run's addBulk, so the bridge and Redis work at the same time. Their
        // Redis commands share one connection, so jobs are still added in message order;
        // offsets are resolved strictly in order, each after its own run.
        let inFlight: { first: string; last: string; done: Promise<void> } | undefined;
        const finish = async (run: { first: string; last: string; done: Promise<void> }): Promise<boolean> => {
          try {
            await run.done;
          } catch (error) {
            backOff(partition, run.first, error);
            return false;
          }
          recovered(partition);
          payload.resolveOffset(run.last);
          await payload.heartbeat();
          return true;
        };
        for (let at = 0; at < messages.length; at += maxBatchSize) {
          if (!payload.isRunning() || payload.isStale() || isHeld(partition)) break;
          const slice = messages.slice(at, at + maxBatchSize);
          const first = slice[0]?.offset;
          const last = slice[slice.length - 1]?.offset;
          if (first === undefined || last === undefined) break;
          const next = { first, last, done: handler(slice.map((message) => inbound(payload.batch.topic, partition, message))) };
          if (inFlight && !(await finish(inFlight))) {
            // The earlier run failed: this one comes again with it (its effects are idempotent).
            next.done.catch(() => undefined);
            return;
          }
          inFlight = next;
        }
        if (inFlight) await finish(inFlight);
      },
    });
  };

  /**
   * Replaces `old` (if it is still the current consumer) with a new one: a rejoin. While
   * the brokers cannot be reached (a broker restarting) it tries again with a capped
   * backoff for as long as it takes: an outage is not a reason to exit.
   */
  const restart = async (old: Consumer, handler: MessageHandler, delayMs = 0) => {
    if (stopping || old !== current) return;
    await old.disconnect().catch(() => undefined);
    for (let attempt = 1; ; attempt++) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (stopping) return;
      try {
        await run(handler);
        if (attempt > 1) log.info({ attempts: attempt }, 'the Kafka consumer is back');
        return;
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (!isRetriableCrash(failure)) {
          onFatal(failure);
          return;
        }
        const failed = current;
        await failed?.disconnect().catch(() => undefined);
        delayMs = Math.min(10_000, Math.max(1_000, delayMs * 2));
        if (attempt === 1) log.warn({ err: failure }, 'the Kafka consumer cannot start; trying again until the brokers answer');
        else log.debug({ err: failure, attempt, retryInMs: delayMs }, 'the Kafka consumer still cannot start');
      }
    }
  };

  /**
   * kafkajs fails a whole fetch when one batch in it does not decode, without saying
   * which. So after a crash we look for such a batch in each partition we were reading,
   * from the group's committed offset. A batch right at that offset is reported and its
   * partition held. A batch behind readable messages cannot be held at yet (a fetch of
   * them would bring it along): the new consumer reads one batch per fetch until it
   * fails right at it, next time. Otherwise a crash kafkajs deems retriable (a broker
   * away) restarts after a pause, and any other is fatal.
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
    pause() {
      heldAll = true;
      applyHolds();
    },
    resume() {
      heldAll = false;
      applyHolds();
    },
    unreadableBatches: () => [...unreadable.values()].filter((batch) => assigned.includes(batch.partition)),
    async skipUnreadableBatch({ topic: from, partition, firstOffset }) {
      const held = unreadable.get(partition);
      if (from !== topic || !held || held.firstOffset !== firstOffset || !current || !assigned.includes(partition)) return false;
      const next = (BigInt(held.lastOffset) + 1n).toString();
      // kafkajs commits a seek (autoCommit) at its next fetch, then fetches from there.
      current.seek({ topic, partition, offset: next });
      unreadable.delete(partition);
      applyHolds();
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
}
