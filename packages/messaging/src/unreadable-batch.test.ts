/**
 * A record batch the client cannot decode: the broker's stored bytes are damaged in place
 * (a broker validates batches on produce, so no producer can write one), then our consumer
 * must name its coordinates, hold only its partition, keep consuming the others, and skip
 * exactly that batch when told to.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { brokerFilesReachable, damageStoredBatch, testServices, uniqueName, waitFor } from '@aisvc/testkit';
import { createKafkaMessaging } from './kafkajs-messaging.js';
import type { MessageConsumer, UnreadableBatch } from './messaging.js';

const messaging = createKafkaMessaging({ brokers: testServices.kafkaBrokers, clientId: 'unreadable-test', logger: pino({ level: process.env['TEST_LOG'] ?? 'silent' }) });
const kafka = new Kafka({ clientId: 'unreadable-test', brokers: testServices.kafkaBrokers, logLevel: logLevel.NOTHING });
const consumers: MessageConsumer[] = [];
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await messaging.close();
});

/** Sends each group of values as one batch to its partition (one send = one batch per partition). */
async function sendBatches(topic: string, batches: { partition: number; values: string[]; compression?: CompressionTypes }[]) {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const { partition, values, compression } of batches) {
      await producer.send({ topic, acks: -1, compression: compression ?? CompressionTypes.None, messages: values.map((value) => ({ value, partition })) });
    }
  } finally {
    await producer.disconnect();
  }
}

describe.skipIf(!brokerFilesReachable())('a batch the consumer cannot decode', () => {
  it('holds only its partition, names it, reads everything else, and skips exactly it on request', async () => {
    const topic = uniqueName('unreadable');
    await messaging.ensureTopics([{ topic, partitions: 3 }]);
    await sendBatches(topic, [
      { partition: 0, values: ['a0'] },
      { partition: 0, values: ['a1-corrupt', 'a2-corrupt'], compression: CompressionTypes.ZSTD }, // offsets 1..2
      { partition: 0, values: ['a3'] },
      { partition: 1, values: ['b0'] },
      { partition: 1, values: ['b1-future-codec'], compression: CompressionTypes.GZIP }, // offset 1
      { partition: 1, values: ['b2'] },
      { partition: 2, values: ['c0'] },
    ]);
    await damageStoredBatch(topic, 0, 1, { kind: 'garble-compressed' });
    await damageStoredBatch(topic, 1, 1, { kind: 'unknown-codec', codecId: 6 });

    const handled: string[] = [];
    const reported: UnreadableBatch[] = [];
    const fatal: Error[] = [];
    const consumer = messaging.createConsumer({
      groupId: `${topic}-group`,
      topic,
      onFatal: (error) => fatal.push(error),
      onUnreadableBatch: (batch) => reported.push(batch),
    });
    consumers.push(consumer);
    await consumer.start(async (batch) => { handled.push(...batch.map((m) => m.value?.toString() ?? '')); });

    // The readable messages before each bad batch are handled first; then both are held.
    await waitFor(() => reported.length === 2 && ['a0', 'b0', 'c0'].every((v) => handled.includes(v)), {
      what: `both unreadable batches reported and a0, b0, c0 handled (handled ${JSON.stringify(handled)}, reported ${JSON.stringify(reported)}, fatal ${String(fatal)})`,
      timeoutMs: 60_000,
    });
    const byPartition = [...reported].sort((x, y) => x.partition - y.partition);
    expect(byPartition[0]).toMatchObject({ topic, partition: 0, firstOffset: '1', lastOffset: '2', compression: 'zstd' });
    expect(byPartition[0]?.reason).toMatch(/^zstd decompression failed/);
    expect(byPartition[1]).toMatchObject({ topic, partition: 1, firstOffset: '1', lastOffset: '1', compression: 'unknown codec 6' });
    expect(byPartition[1]?.reason).toMatch(/compression codec id 6/);
    expect(consumer.unreadableBatches().map((b) => b.partition).sort()).toEqual([0, 1]);

    // The other partition keeps flowing while two are held.
    await sendBatches(topic, [{ partition: 2, values: ['c1'] }]);
    await waitFor(() => handled.includes('c1'), { what: 'c1 handled while partitions 0 and 1 are held', timeoutMs: 20_000 });
    expect(handled).not.toContain('a3');
    expect(handled).not.toContain('b2');

    // Only the exact batch can be skipped.
    expect(await consumer.skipUnreadableBatch({ topic, partition: 0, firstOffset: '2' })).toBe(false);
    expect(await consumer.skipUnreadableBatch({ topic, partition: 0, firstOffset: '1' })).toBe(true);
    await waitFor(() => handled.includes('a3'), { what: 'a3 handled after the skip', timeoutMs: 20_000 });
    expect(consumer.unreadableBatches().map((b) => b.partition)).toEqual([1]);
    expect(handled).not.toContain('b2');

    expect(await consumer.skipUnreadableBatch({ topic, partition: 1, firstOffset: '1' })).toBe(true);
    await waitFor(() => handled.includes('b2'), { what: 'b2 handled after the second skip', timeoutMs: 20_000 });

    expect(handled.filter((v) => v.includes('corrupt') || v.includes('future'))).toEqual([]);
    expect(handled.filter((v) => v === 'a0')).toEqual(['a0']); // nothing handled twice here: commits held
    expect(fatal).toEqual([]);
  }, 120_000);
});
