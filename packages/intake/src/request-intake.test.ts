import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { createKafkaMessaging, type InboundMessage, type MessagePublisher } from '@aisvc/messaging';
import { connectRedis, createRecommendationWorker, RecommendationQueue } from '@aisvc/queue';
import { RedisAiStore } from '@aisvc/store';
import { readRecords, testServices, uniqueName, waitFor } from '@aisvc/testkit';
import { createRequestIntake } from './request-intake.js';

const id = uniqueName('intake');
const dlqTopic = `${id}.dlq`;
const logger = pino({ level: 'silent' });
const messaging = createKafkaMessaging({ brokers: testServices.kafkaBrokers, clientId: 'intake-test', logger });
let redis: Redis;
let publisher: MessagePublisher;
let queue: RecommendationQueue;
let store: RedisAiStore;
let intake: ReturnType<typeof createRequestIntake>;

beforeAll(async () => {
  redis = await connectRedis(testServices.redisUrl, 'producer');
  await messaging.ensureTopics([{ topic: dlqTopic, partitions: 1 }]);
  publisher = messaging.createPublisher();
  queue = new RecommendationQueue(redis, { name: `${id}-queue`, prefix: 'bull' });
  store = new RedisAiStore(redis, { keyPrefix: `${id}:` });
  intake = createRequestIntake({ store, queue, deadLetters: publisher, deadLetterTopic: dlqTopic, maxMessageBytes: 2048, maxMessageAgeMs: 86_400_000, logger });
});
afterAll(async () => {
  await publisher.close();
  await messaging.close();
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await redis.quit();
});

let offset = 0;
const message = (value: unknown, timestamp = Date.now()): InboundMessage => ({
  topic: `${id}-requests`, partition: 0, offset: String(offset++), key: Buffer.from('k'), headers: { traceparent: Buffer.from('t-1') }, timestamp,
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});
const valid = (jobId: string) => ({ jobId, eventId: `E-${jobId}`, objective: '매출 증대', industry: '주점', region: '마포구' });

describe('request intake', () => {
  it('enqueues a valid request once, however often it is delivered', async () => {
    expect(await intake(message(valid('I1')))).toEqual({ kind: 'enqueued', jobId: 'I1', bullJobId: 'ai-I1' });
    expect(await intake(message(valid('I1')))).toEqual({ kind: 'enqueued', jobId: 'I1', bullJobId: 'ai-I1' });
    expect(await queue.queue.getJobCountByTypes('waiting')).toBe(1);
    expect((await store.getStatus('I1'))?.status).toBe('PENDING');
  });

  it('runs a request again whose status is gone while BullMQ still keeps its finished job', async () => {
    await intake(message(valid('I5')));
    const workerRedis = await connectRedis(testServices.redisUrl, 'worker');
    const worker = createRecommendationWorker(workerRedis, { name: `${id}-queue`, prefix: 'bull', concurrency: 1 }, async () => undefined);
    await waitFor(async () => (await queue.queue.getJobState('ai-I5')) === 'completed', { what: 'I5 completed' });
    await worker.close();
    await workerRedis.quit();
    await redis.del(`${id}:ai:job:status:I5`); // expired, or evicted from a volatile-lru cache
    expect(await intake(message(valid('I5')))).toMatchObject({ kind: 'enqueued' });
    expect(await queue.queue.getJobState('ai-I5')).toBe('waiting');
    expect((await store.getStatus('I5'))?.status).toBe('PENDING');
  });

  it('skips a redelivered request whose job already failed for good', async () => {
    await store.updateStatus({ jobId: 'I2', eventId: 'E-I2', status: 'FAILED', progress: 50, message: 'x', attempt: 3, error: 'e' });
    expect(await intake(message(valid('I2')))).toEqual({ kind: 'already-finished', jobId: 'I2' });
    expect(await queue.queue.getJob('ai-I2')).toBeUndefined();
  });

  it('dead-letters a request older than the limit as EXPIRED, without touching the queue', async () => {
    const twoDaysAgo = Date.now() - 2 * 86_400_000;
    const outcome = await intake(message(valid('I4'), twoDaysAgo));
    expect(outcome).toMatchObject({ kind: 'dead-lettered', code: 'EXPIRED' });
    expect(await queue.queue.getJob('ai-I4')).toBeUndefined();
    expect(await store.getStatus('I4')).toBeNull();
  });

  it('dead-letters an invalid request with its reason, keeping its headers', async () => {
    const outcome = await intake(message({ ...valid('I3'), region: '' }));
    expect(outcome).toMatchObject({ kind: 'dead-lettered', code: 'INVALID_MESSAGE' });
    expect(outcome.kind === 'dead-lettered' && outcome.reason).toContain('/region');
    const record = (await readRecords(dlqTopic, 2)).find((r) => r.headers['x-error-code'] === 'INVALID_MESSAGE');
    expect(record?.headers).toMatchObject({ traceparent: 't-1', 'x-source-topic': `${id}-requests` });
    expect(Date.parse(record?.headers['x-failed-at'] ?? '')).not.toBeNaN();
  });
});
