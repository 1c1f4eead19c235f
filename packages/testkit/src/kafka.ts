import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import { testServices, waitFor } from './helpers.js';

/** A record as read back by a test. */
export interface ReadRecord {
  key: string | null;
  value: Buffer | null;
  /** Header values as UTF-8 text (a repeated name joined with ","), for easy assertions. */
  headers: Record<string, string>;
  /** Header values as the bytes read (a list for a repeated name). */
  rawHeaders: Record<string, Buffer | Buffer[]>;
  partition: number;
  offset: string;
}

const kafka = () => new Kafka({ clientId: 'tests', brokers: testServices.kafkaBrokers, logLevel: logLevel.NOTHING });

/**
 * Creates topics (single partition unless told otherwise) and waits until each answers for its
 * offsets. Not kafkajs's waitForLeaders: it gives up when a loaded broker still says it does not
 * host the new topic (see ensureTopics in @aisvc/messaging).
 */
export async function createTopics(topics: string[], partitions = 1): Promise<void> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: false, topics: topics.map((topic) => ({ topic, numPartitions: partitions })) });
  } finally {
    await admin.disconnect();
  }
  for (const topic of topics) await describeTopic(topic);
}

/**
 * How many partitions a topic has, and how many records it holds (sum of high watermarks).
 * Right after a topic is created, a freshly started broker may still answer "not the leader"
 * for a moment although the metadata already names it; such retriable answers are retried
 * until the deadline.
 */
export async function describeTopic(topic: string, timeoutMs = 15_000): Promise<{ partitions: number; records: number }> {
  const admin = kafka().admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        return { partitions: offsets.length, records: offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0) };
      } catch (error) {
        if (!isRetriable(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * kafkajs marks errors worth retrying with `retriable`. Checked by shape: kafkajs is CommonJS and
 * its error classes are not named exports under Node's ESM loader (tsx, the benches).
 */
function isRetriable(error: unknown): boolean {
  return error instanceof Error && 'retriable' in error && error.retriable === true;
}

/** Produces raw values (strings or bytes) to a topic, acks = all. */
export async function produce(topic: string, messages: { key?: string; value: string | Buffer; timestamp?: string; headers?: IHeaders }[]): Promise<void> {
  const producer = kafka().producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name] = String(value);
  return out;
}

function rawHeadersOf(headers: IHeaders | undefined): Record<string, Buffer | Buffer[]> {
  const out: Record<string, Buffer | Buffer[]> = {};
  const bytes = (v: Buffer | string) => (typeof v === 'string' ? Buffer.from(v) : v);
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.map(bytes) : bytes(value);
  }
  return out;
}

/**
 * Reads a topic from the beginning until `count` records arrived (then returns
 * them) or the deadline passes (then fails saying how many arrived).
 */
export async function readRecords(topic: string, count: number, timeoutMs = 20_000): Promise<ReadRecord[]> {
  const consumer: Consumer = kafka().consumer({ groupId: `reader-${topic}-${Date.now()}` });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${records.length} of ${count} records from ${topic} in ${timeoutMs} ms`)), timeoutMs);
      consumer.run({
        eachMessage: async ({ partition, message }) => {
          records.push({
            key: message.key?.toString() ?? null,
            value: message.value,
            headers: headersOf(message.headers),
            rawHeaders: rawHeadersOf(message.headers),
            partition,
            offset: message.offset,
          });
          if (records.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** The offsets a consumer group committed on `topic`, by partition ('-1': none yet). */
export async function committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((offsets?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** A stream of messages being produced in the background (see streamMessages). */
export interface MessageStream {
  /** How many messages the broker acknowledged so far. */
  readonly sent: number;
  /** Resolves once every message was acknowledged; rejects at the deadline. */
  readonly done: Promise<void>;
}

export interface StreamOptions {
  /** Messages per send (default 100). */
  chunkSize?: number;
  /**
   * Flow control: a chunk is sent only once this says yes (polled), e.g. "the consumer is
   * less than 1,000 messages behind", so a fault the test injects after some progress
   * lands mid-stream whatever the machine's speed. Default: always.
   */
  ready?: (sent: number) => boolean | Promise<boolean>;
  /** The whole stream fails after this long (default 180 s). */
  timeoutMs?: number;
}

/**
 * Produces `messages` in chunks in the background, in order, while the test injects faults.
 * A chunk whose send fails (the broker is down or restarting) is sent again until it is
 * acknowledged: a send that failed after the broker wrote it may leave those messages twice
 * in the topic, which a consumer must absorb anyway (at-least-once).
 */
export function streamMessages(
  topic: string,
  messages: { key?: string; value: string | Buffer }[],
  { chunkSize = 100, ready = () => true, timeoutMs = 180_000 }: StreamOptions = {},
): MessageStream {
  const state = { sent: 0 };
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const done = (async () => {
    const producer = kafka().producer();
    try {
      await waitFor(() => producer.connect().then(() => true), { what: 'the stream producer to connect', timeoutMs: left(), intervalMs: 500 });
      while (state.sent < messages.length) {
        await waitFor(() => ready(state.sent), { what: `the stream's flow control to let message ${state.sent} go`, timeoutMs: left(), intervalMs: 50 });
        const chunk = messages.slice(state.sent, state.sent + chunkSize);
        await waitFor(() => producer.send({ topic, acks: -1, messages: chunk }).then(() => true), {
          what: `messages ${state.sent}..${state.sent + chunk.length - 1} to be acknowledged`,
          timeoutMs: left(),
          intervalMs: 500,
        });
        state.sent += chunk.length;
      }
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  })();
  // A test that fails before awaiting `done` must not leave an unhandled rejection behind.
  done.catch(() => undefined);
  return {
    get sent() {
      return state.sent;
    },
    done,
  };
}
