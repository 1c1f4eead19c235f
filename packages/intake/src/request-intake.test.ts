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
const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line) as { msg: string }) });
const messaging = createKafkaMessaging({ brokers: testServices.kafkaBrokers, clientId: 'intake-test', logger });
let redis: Redis;
let publisher: MessagePublisher;
let queue: RecommendationQueue;
let store: RedisAiStore;
let intakeRun: ReturnType<typeof createRequestIntake>;
const logLines: { msg: string; skipped?: number; partition?: number; jobIds?: string[]; offsets?: string[] }[] = [];
/** One message on its own, as a run of one. */
const intake = async (m: InboundMessage) => {
  const [outcome] = await intakeRun([m]);
  if (!outcome) throw new Error('no outcome');
  return outcome;
};

beforeAll(async () => {
  redis = await connectRedis(testServices.redisUrl, 'producer');
  await messaging.ensureTopics([{ topic: dlqTopic, partitions: 1 }]);
  publisher = messaging.createPublisher();
  queue = new RecommendationQueue(redis, { name: `${id}-queue`, prefix: 'bull' });
  store = new RedisAiStore(redis, { keyPrefix: `${id}:` });
  intakeRun = createRequestIntake({ store, queue, deadLetters: publisher, deadLetterTopic: dlqTopic, maxMessageBytes: 2048, maxMessageAgeMs: 86_400_000, logger });
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

  it('skips requests older than the limit without touching the queue or the DLQ, in one summary line', async () => {
    const twoDaysAgo = Date.now() - 2 * 86_400_000;
    const outcomes = await intakeRun([message(valid('I4'), twoDaysAgo), message(valid('I4b'), twoDaysAgo), message(valid('I4c'), twoDaysAgo)]);
    expect(outcomes).toEqual([{ kind: 'expired' }, { kind: 'expired' }, { kind: 'expired' }]);
    expect(await queue.queue.getJob('ai-I4')).toBeUndefined();
    expect(await store.getStatus('I4')).toBeNull();
    expect(logLines.filter((l) => l.msg.includes('older than MAX_MESSAGE_AGE_MS'))).toEqual([]); // the run has not ended yet
    await intake(message(valid('I4d'))); // a fresh one ends it
    expect(logLines.filter((l) => l.msg.includes('older than MAX_MESSAGE_AGE_MS'))).toMatchObject([{ skipped: 3 }]);
  });

  it('handles a mixed run in one go: one job per new jobId, invalid and conflicting ones to the DLQ, finished ones ignored', async () => {
    await store.updateStatus({ jobId: 'M-DONE', eventId: 'E-M-DONE', status: 'COMPLETED', progress: 100, message: 'x', attempt: 1 });
    const run = [
      message(valid('M1')),
      message({ ...valid('M2'), industry: 'a:b' }), // ':' cannot be part of a key
      message(valid('M1')), // the same request twice in one run
      message({ ...valid('M1'), eventId: 'E-OTHER' }), // M1 taken by another event
      message(valid('M-DONE')),
      message('{not json'),
      message(valid('M3')),
    ];
    const linesBefore = logLines.length;
    const outcomes = await intakeRun(run);
    // One line for the run's accepted requests, each jobId with its offset: a jobId is one grep away.
    expect(logLines.slice(linesBefore).filter((l) => l.msg === 'requests accepted')).toMatchObject([
      { partition: 0, jobIds: ['M1', 'M1', 'M3'], offsets: [run[0]?.offset, run[2]?.offset, run[6]?.offset] },
    ]);
    expect(outcomes.map((o) => (o.kind === 'dead-lettered' ? `${o.kind}:${o.code}` : o.kind))).toEqual([
      'enqueued', 'dead-lettered:INVALID_MESSAGE', 'enqueued', 'dead-lettered:CONFLICT', 'already-finished', 'dead-lettered:INVALID_JSON', 'enqueued',
    ]);
    expect(outcomes[3]).toMatchObject({ reason: 'jobId M1 belongs to event E-M1, not E-OTHER' });
    expect((await queue.queue.getJobs(['waiting'])).map((j) => j.id).filter((id) => id?.startsWith('ai-M')).sort()).toEqual(['ai-M1', 'ai-M3']);
    const conflict = (await readRecords(dlqTopic, 3)).find((r) => r.headers['x-error-code'] === 'CONFLICT');
    expect(conflict?.headers).toMatchObject({ 'x-source-offset': run[3]?.offset, traceparent: 't-1' });
    expect(JSON.parse(conflict?.value?.toString() ?? '{}')).toMatchObject({ jobId: 'M1', eventId: 'E-OTHER' });
  });

  it('replaces a finished job when the status is PENDING, whoever wrote it (the api writes PENDING before the bridge)', async () => {
    await intake(message(valid('I6')));
    const workerRedis = await connectRedis(testServices.redisUrl, 'worker');
    const worker = createRecommendationWorker(workerRedis, { name: `${id}-queue`, prefix: 'bull', concurrency: 1 }, async () => undefined);
    await waitFor(async () => (await queue.queue.getJobState('ai-I6')) === 'completed', { what: 'I6 completed' });
    await worker.close();
    await workerRedis.quit();
    await redis.del(`${id}:ai:job:status:I6`); // expired after 24 h...
    expect(await store.createPendingStatus({ jobId: 'I6', eventId: 'E-I6' })).toBe(true); // ...and the api took the resubmission
    expect(await intake(message(valid('I6')))).toMatchObject({ kind: 'enqueued' });
    expect(await queue.queue.getJobState('ai-I6')).toBe('waiting');
  });

  it('dead-letters an invalid request with its reason, keeping its headers', async () => {
    const bad = message({ ...valid('I3'), region: '' });
    const outcome = await intake(bad);
    expect(outcome).toMatchObject({ kind: 'dead-lettered', code: 'INVALID_MESSAGE' });
    expect(outcome.kind === 'dead-lettered' && outcome.reason).toContain('/region');
    const record = (await readRecords(dlqTopic, 4)).find((r) => r.headers['x-source-offset'] === bad.offset);
    expect(record?.headers['x-error-code']).toBe('INVALID_MESSAGE');
    expect(record?.headers).toMatchObject({ traceparent: 't-1', 'x-source-topic': `${id}-requests` });
    expect(Date.parse(record?.headers['x-failed-at'] ?? '')).not.toBeNaN();
  });
});
