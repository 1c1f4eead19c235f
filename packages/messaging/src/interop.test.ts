/**
 * Interop with Kafka's own Java client, as the platform's Event Service (Java/Spring) uses:
 * its console producer writes batches with every codec (snappy in xerial framing, lz4
 * frames, zstd) and our consumer must read them; our publisher writes every codec and the
 * Java console consumer must read that.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { javaConsume, javaProduce, testServices, uniqueName, waitFor } from '@aisvc/testkit';
import { scanBatches } from './batch-inspector.js';
import { COMPRESSION_CODECS } from './compression.js';
import { createKafkaMessaging } from './kafkajs-messaging.js';
import type { InboundMessage, MessageConsumer } from './messaging.js';

const logger = pino({ level: 'silent' });
const messaging = createKafkaMessaging({ brokers: testServices.kafkaBrokers, clientId: 'interop-test', logger });
const consumers: MessageConsumer[] = [];
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await messaging.close();
});

const [host = '127.0.0.1', port = '9092'] = (testServices.kafkaBrokers[0] ?? '').split(':');
/** The codec of each stored batch of a single-partition topic, read from the broker. */
async function storedCodecs(topic: string): Promise<string[]> {
  const codecs: string[] = [];
  for await (const batch of scanBatches({ host, port: Number(port), clientId: 'interop-test', topic, partition: 0, fromOffset: 0n })) {
    expect(batch.problem).toBeNull();
    codecs.push(batch.compression);
  }
  return codecs;
}

/** Consumes a topic with our consumer until `count` messages arrived. */
async function consumeAll(topic: string, count: number): Promise<InboundMessage[]> {
  const received: InboundMessage[] = [];
  const problems: string[] = [];
  const consumer = messaging.createConsumer({
    groupId: `${topic}-group`,
    topic,
    onFatal: (error) => problems.push(`fatal: ${error.message}`),
    onUnreadableBatch: (batch) => problems.push(`unreadable: ${batch.reason}`),
  });
  consumers.push(consumer);
  await consumer.start(async (batch) => { received.push(...batch); });
  await waitFor(() => received.length >= count || problems.length > 0, { what: `${count} messages from ${topic}`, timeoutMs: 30_000 });
  expect(problems).toEqual([]);
  return received;
}

const record = (codec: string, i: number) => ({ key: `EVT-${codec}-${i}`, value: JSON.stringify({ codec, i, 요청: '신규 고객 유치', pad: 'x'.repeat(200) }) });

describe('Java producer → our consumer', () => {
  it('reads one topic holding batches of every codec, in order, byte for byte', async () => {
    const topic = uniqueName('java-codecs');
    await messaging.ensureTopics([{ topic, partitions: 1 }]);
    const sent = COMPRESSION_CODECS.flatMap((codec) => [0, 1, 2].map((i) => record(codec, i)));
    for (const codec of COMPRESSION_CODECS) {
      await javaProduce(topic, sent.filter((r) => r.key.startsWith(`EVT-${codec}-`)), { compression: codec });
    }
    // The Java client really wrote batches of each codec, in order (not, e.g., uncompressed
    // ones; a busy machine may split one codec's records into two batches).
    expect([...new Set(await storedCodecs(topic))]).toEqual([...COMPRESSION_CODECS]);

    const received = await consumeAll(topic, sent.length);
    expect(received.map((m) => ({ key: m.key?.toString('utf8'), value: m.value?.toString('utf8') }))).toEqual(sent);
  }, 180_000); // five JVM starts: tens of seconds on a busy 2-core machine
});

describe('our publisher → Java consumer', () => {
  it.each(COMPRESSION_CODECS)('writes %s batches that the Java client reads', async (codec) => {
    const topic = uniqueName(`pub-${codec}`);
    const publishing = createKafkaMessaging({ brokers: testServices.kafkaBrokers, clientId: 'interop-test', logger, compression: codec });
    try {
      await publishing.ensureTopics([{ topic, partitions: 1 }]);
      const publisher = publishing.createPublisher();
      const sent = [0, 1, 2].map((i) => record(codec, i));
      await publisher.publish(topic, sent);
      await publisher.close();
      expect(await storedCodecs(topic)).toEqual([codec]);
      expect(await javaConsume(topic, sent.length)).toEqual(sent);
    } finally {
      await publishing.close();
    }
  }, 60_000);
});
