import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { describeTopic, readRecords, testServices, uniqueName, waitFor } from '@aisvc/testkit';
import { createKafkaMessaging } from './kafkajs-messaging.js';
import { MessageTooLargeError, type InboundMessage, type MessageConsumer } from './messaging.js';

// Lines at warn and above, to check that starting a producer does not warn on every start.
const warnings: { msg: string }[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as { msg: string }) });
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
    await consumer.start(async (m) => { received.push(m); });
    await waitFor(() => received.length === 1, { what: 'the message with headers' });
    expect(received[0]?.headers).toEqual({ bin: binary, tag: [Buffer.from('a'), Buffer.from('b')] });
  });

  it('commits only after the handler resolves: a throwing handler gets the message again', async () => {
    const topic = uniqueName('commit');
    const groupId = `${topic}-group`;
    await messaging.ensureTopics([{ topic, partitions: 1 }]);
    const publisher = messaging.createPublisher();
    await publisher.publish(topic, [{ value: 'm1' }, { value: 'm2' }, { value: 'm3' }]);
    await publisher.close();

    const seen: string[] = [];
    let failedOnce = false;
    const first = messaging.createConsumer({ groupId, topic, onFatal, onUnreadableBatch });
    consumers.push(first);
    await first.start(async (m: InboundMessage) => {
      const value = m.value?.toString() ?? '';
      if (value === 'm2' && !failedOnce) {
        failedOnce = true;
        // A TypeError would make kafkajs give up on the consumer for good; it must not.
        throw new TypeError('a bug in the handler');
      }
      seen.push(`${value}@${m.offset}`);
    });
    await waitFor(() => seen.includes('m3@2'), { what: 'm3 handled', timeoutMs: 30_000 });
    expect(seen).toEqual(['m1@0', 'm2@1', 'm3@2']);
    await first.stop();

    // A new member of the same group starts after the last committed offset.
    const publisher2 = messaging.createPublisher();
    await publisher2.publish(topic, [{ value: 'm4' }]);
    await publisher2.close();
    const after: string[] = [];
    const second = messaging.createConsumer({ groupId, topic, onFatal, onUnreadableBatch });
    consumers.push(second);
    await second.start(async (m) => { after.push(m.value?.toString() ?? ''); });
    await waitFor(() => after.includes('m4'), { what: 'm4 handled' });
    expect(after).toEqual(['m4']);
    expect(fatal).toEqual([]);
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
