import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { describeTopic, readRecords, testServices, uniqueName, waitFor } from '@aisvc/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { createKafkaMessaging, pinoLogCreator, waitForLeaders } from './kafkajs-messaging.js';
import { MessageTooLargeError, type InboundMessage, type MessageConsumer } from './messaging.js';

// Lines at info and above: a producer must not warn on every start; a consumer logs its joins.
const lines: { msg: string; level: number; group?: string }[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string; level: number }) });
const warnings = { map: <T>(f: (l: { msg: string }) => T) => lines.filter((l) => l.level >= 40).map(f) };
const joins = (groupId: string) => lines.filter((l) => l.msg === 'joined the consumer group' && l.group === groupId).length;
const messaging = createKafkaMessaging({ brokers: testServices.kafkaBrokers, clientId: 'messaging-test', logger });
const consumers: MessageConsumer[] = [];
const fatal: Error[] = [];
const onFatal = (error: Error) => fatal.push(error);
const onUnreadableBatch = (batch: unknown) => fatal.push(new Error(`unexpected unreadable batch: ${JSON.stringify(batch)}`));
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await messaging.close();
});

describe('kafkajs messaging', () => {
  it('creates missing topics and leaves existing ones alone', async () => {
    const topic = uniqueName('topics');
    await messaging.ensureTopics([{ topic, partitions: 2 }]);
    await messaging.ensureTopics([{ topic, partitions: 5 }]); // exists: no error, no change
    expect((await describeTopic(topic)).partitions).toBe(2);
    await messaging.ping();
  });

  it('waits out "does not host this topic-partition" until the topic has its leaders, and names the topic when it never comes', async () => {
    const admin = new Kafka({ clientId: 'leader-wait-test', brokers: testServices.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topic = uniqueName('leaders');
      // What a broker that has not applied a new topic yet answers, kept up until the deadline:
      await expect(waitForLeaders(admin, [topic], 300)).rejects.toThrow(`topics ${topic} not ready after 300 ms: This server does not host this topic-partition`);
      // The same answer while the topic is being created is waited out.
      const ready = waitForLeaders(admin, [topic], 15_000);
      await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 3 }] });
      await ready;
      expect((await describeTopic(topic)).partitions).toBe(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('publishes key, value and headers, and hands them to the consumer unchanged', async () => {
    const topic = uniqueName('roundtrip');
    await messaging.ensureTopics([{ topic, partitions: 1 }]);
    const publisher = messaging.createPublisher();
    await publisher.publish(topic, [{ key: 'EVT-1', value: '{"한글":"값"}', headers: { 'x-error-code': 'INVALID_JSON' } }]);
    await publisher.close();
    expect(warnings.map((w) => w.msg)).not.toContainEqual(expect.stringContaining('Limiting retries')); // bounded on purpose
    const [record] = await readRecords(topic, 1);
    expect(record).toMatchObject({ key: 'EVT-1', headers: { 'x-error-code': 'INVALID_JSON' } });
    expect(record?.value?.toString('utf8')).toBe('{"한글":"값"}');
  });

  it('keeps header bytes and repeated header names exactly, inbound and outbound', async () => {
    const topic = uniqueName('headers');
    await messaging.ensureTopics([{ topic, partitions: 1 }]);
    const binary = Buffer.from([0xff, 0x00, 0xfe, 0x80]); // not UTF-8: text would mangle it
    const publisher = messaging.createPublisher();
    await publisher.publish(topic, [{ value: 'v', headers: { bin: binary, tag: ['a', Buffer.from('b')] } }]);
    await publisher.close();

    const received: InboundMessage[] = [];
    const consumer = messaging.createConsumer({ groupId: `${topic}-group`, topic, onFatal, onUnreadableBatch });
    consumers.push(consumer);
    await consumer.start(async (batch) => { received.push(...batch); });
    await waitFor(() => received.length === 1, { what: 'the message with headers' });
    expect(received[0]?.headers).toEqual({ bin: binary, tag: [Buffer.from('a'), Buffer.from('b')] });
  });

  it('hands over runs in order; a failing run comes again after a backoff, without leaving the group; only handled runs are committed', async () => {
    const topic = uniqueName('commit');
    const groupId = `${topic}-group`;
    await messaging.ensureTopics([{ topic, partitions: 1 }]);
    const publisher = messaging.createPublisher();
    await publisher.publish(topic, ['m0', 'm1', 'm2', 'm3', 'm4'].map((value) => ({ value })));
    await publisher.close();

    const runs: string[][] = [];
    let failures = 0;
    const first = messaging.createConsumer({ groupId, topic, onFatal, onUnreadableBatch, maxBatchSize: 2, retry: { initialMs: 50, maxMs: 200 } });
    consumers.push(first);
    await first.start(async (batch) => {
      const values = batch.map((m) => `${m.value?.toString() ?? ''}@${m.offset}`);
      if (values.includes('m2@2') && failures < 3) {
        failures += 1;
        // Even a TypeError (which makes kafkajs give up on a consumer for good) only means "again".
        throw new TypeError('Redis is down, say');
      }
      runs.push(values);
    });
    await waitFor(() => runs.flat().includes('m3@3'), { what: 'm2 and m3 handled', timeoutMs: 30_000 });
    await waitFor(() => runs.at(-1)?.includes('m4@4'), { what: 'm4 handled after them' });
    // Two runs are in flight per partition, so the run after the failing one was handled
    // meanwhile; it comes again with it (handlers are idempotent), and nothing is committed
    // past the failing run until it succeeds.
    expect(runs[0]).toEqual(['m0@0', 'm1@1']);
    expect(runs.filter((r) => r.includes('m2@2'))).toEqual([['m2@2', 'm3@3']]);
    expect(runs.filter((r) => !r.includes('m4@4') && r !== runs[0])).toEqual([['m2@2', 'm3@3']]);
    expect(failures).toBe(3);
    expect(joins(groupId)).toBe(1); // no crash, no rejoin: the group never rebalanced
    await first.stop();

    // A new member of the same group starts after the last committed offset.
    const publisher2 = messaging.createPublisher();
    await publisher2.publish(topic, [{ value: 'm5' }]);
    await publisher2.close();
    const after: string[] = [];
    const second = messaging.createConsumer({ groupId, topic, onFatal, onUnreadableBatch });
    consumers.push(second);
    await second.start(async (batch) => { after.push(...batch.map((m) => m.value?.toString() ?? '')); });
    await waitFor(() => after.includes('m5'), { what: 'm5 handled' });
    expect(after).toEqual(['m5']);
    expect(fatal).toEqual([]);
  });

  it('pause() holds every partition while staying in the group; resume() lets them go', async () => {
    const topic = uniqueName('hold');
    const groupId = `${topic}-group`;
    await messaging.ensureTopics([{ topic, partitions: 2 }]);
    const handled: string[] = [];
    const consumer = messaging.createConsumer({ groupId, topic, onFatal, onUnreadableBatch });
    consumers.push(consumer);
    await consumer.start(async (batch) => { handled.push(...batch.map((m) => m.value?.toString() ?? '')); });
    const publisher = messaging.createPublisher();
    await publisher.publish(topic, [{ key: 'a', value: 'before' }]);
    await waitFor(() => handled.includes('before'), { what: 'the first message' });

    consumer.pause();
    await publisher.publish(topic, [{ key: 'a', value: 'held-1' }, { key: 'b', value: 'held-2' }]);
    // Nothing arrives while held: a bounded look, as only absence is to be seen.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(handled).toEqual(['before']);

    consumer.resume();
    await waitFor(() => handled.length === 3, { what: 'the held messages after resume()' });
    expect(handled.slice(1).sort()).toEqual(['held-1', 'held-2']);
    expect(joins(groupId)).toBe(1);
    await publisher.close();
  });

  it("logs kafkajs's retried, passing broker answers (a fresh broker's missing coordinator) as warnings, real errors as errors", () => {
    const log = pinoLogCreator(logger)();
    const entry = (error: string) => ({
      namespace: 'Connection', label: 'ERROR', level: logLevel.ERROR,
      log: { timestamp: new Date().toISOString(), message: 'Response GroupCoordinator(key: 10, version: 2)', error },
    });
    const before = lines.length;
    log(entry('The group coordinator is not available'));
    log(entry('Not authorized to access topics: [Topic authorization failed]'));
    expect(lines.slice(before).map((l) => l.level)).toEqual([40, 50]);
  });

  it('says MessageTooLargeError when the topic refuses a record for its size', async () => {
    const topic = uniqueName('small');
    await messaging.ensureTopics([{ topic, partitions: 1, maxMessageBytes: 2_000 }]);
    const publisher = messaging.createPublisher();
    await expect(publisher.publish(topic, [{ value: Buffer.alloc(5_000, 65) }])).rejects.toBeInstanceOf(MessageTooLargeError);
    await publisher.publish(topic, [{ value: 'fits' }]); // the producer is still usable
    await publisher.close();
    expect((await describeTopic(topic)).records).toBe(1);
  });
});
