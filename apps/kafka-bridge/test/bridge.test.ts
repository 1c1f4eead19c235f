import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { parseEnv } from '@aisvc/config';
import type { JobRequest } from '@aisvc/contracts';
import { RedisAiStore } from '@aisvc/store';
import { describeTopic, isolatedEnv, produce, readRecords, testServices, waitFor } from '@aisvc/testkit';
import { createKafkaMessaging } from '@aisvc/messaging';
import type { RunningService } from '@aisvc/service-runtime';
import { startBridge } from '../src/bridge.js';
import { BridgeEnv } from '../src/env.js';

// The bridges' lines at info and above, for the tests that look at what it logged.
const bridgeLines: ({ msg: string } & Record<string, unknown>)[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void bridgeLines.push(JSON.parse(line) as { msg: string }) });
const redis = new Redis(testServices.redisUrl);
afterAll(async () => {
  await redis.quit();
});

// Every test gets its own topics, group, queue and key prefix.
let env: BridgeEnv;
let bridge: RunningService | undefined;
let queue: Queue<JobRequest>;
let store: RedisAiStore;
beforeEach(async () => {
  env = parseEnv(BridgeEnv, { ...isolatedEnv('bridge'), MAX_MESSAGE_BYTES: '4096' });
  queue = new Queue(env.QUEUE_NAME, { connection: redis, prefix: env.QUEUE_PREFIX });
  store = new RedisAiStore(redis, { keyPrefix: env.KEY_PREFIX });
  bridge = await startBridge(env, logger);
});
afterEach(async () => {
  await bridge?.stop();
  await queue.obliterate({ force: true });
  await queue.close();
});

/** Replaces this test's bridge (and queue) with one on another env. */
async function restartWith(next: BridgeEnv): Promise<void> {
  await bridge?.stop();
  await queue.obliterate({ force: true });
  await queue.close();
  env = next;
  queue = new Queue(env.QUEUE_NAME, { connection: redis, prefix: env.QUEUE_PREFIX });
  bridge = await startBridge(env, logger);
}

const request = (jobId: string, patch: Record<string, unknown> = {}) =>
  JSON.stringify({ jobId, eventId: `EVT-${jobId}`, objective: '신규 고객 유치', industry: '음식점', region: '강남구', ...patch });

const jobCount = async () => {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  return Object.values(counts).reduce((a, b) => a + b, 0);
};

describe('kafka-bridge', () => {
  it('turns a message into a PENDING status and one BullMQ job with the normalised request', async () => {
    await produce(env.KAFKA_REQUEST_TOPIC, [{ key: 'EVT-J1', value: request('J1', { industry: ' 음식점 ', requestedAt: '2026-07-01T00:00:00Z' }) }]);
    const job = await waitFor(() => queue.getJob('ai-J1'), { what: 'BullMQ job ai-J1' });
    expect(job.data).toEqual({
      jobId: 'J1', eventId: 'EVT-J1', objective: '신규 고객 유치', industry: '음식점', region: '강남구',
      requestedAt: '2026-07-01T00:00:00Z', season: '여름',
    });
    expect(await store.getStatus('J1')).toMatchObject({ jobId: 'J1', eventId: 'EVT-J1', status: 'PENDING', progress: 0 });
  });

  it('accepts the snake_case shape', async () => {
    await produce(env.KAFKA_REQUEST_TOPIC, [{
      value: JSON.stringify({ job_id: 'S1', event_id: 'EVT-S1', user_id: 'u1', store_name: '성수 카페', store_category: '카페', objective: '재방문 유도', region: '서울 성동구' }),
    }]);
    const job = await waitFor(() => queue.getJob('ai-S1'), { what: 'BullMQ job ai-S1' });
    expect(job.data).toMatchObject({ jobId: 'S1', eventId: 'EVT-S1', industry: '카페', region: '서울 성동구', storeInfo: { storeName: '성수 카페' } });
  });

  it('makes one job when the same message arrives twice', async () => {
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: request('D1') }, { value: request('D1') }, { value: request('D2') }]);
    // D2 comes after both copies of D1 on the single partition: once it is in, both D1 copies were handled.
    await waitFor(() => queue.getJob('ai-D2'), { what: 'job ai-D2' });
    expect(await jobCount()).toBe(2);
    expect((await queue.getJob('ai-D1'))?.data.jobId).toBe('D1');
  });

  it('never resets a running or finished job on redelivery', async () => {
    await store.updateStatus({ jobId: 'R1', eventId: 'EVT-R1', status: 'COMPLETED', progress: 100, message: 'done', attempt: 1 });
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: request('R1') }, { value: request('R2') }]);
    await waitFor(() => queue.getJob('ai-R2'), { what: 'job ai-R2' });
    expect(await queue.getJob('ai-R1')).toBeUndefined();
    expect((await store.getStatus('R1'))?.status).toBe('COMPLETED');
  });

  it('dead-letters malformed messages with their reason and keeps consuming', async () => {
    const notJson = '{"jobId": "X1", ';
    const badIndustry = request('X2', { industry: '음식:점' });
    const tooLarge = request('X3', { objective: 'x'.repeat(5000) });
    const traceparent = Buffer.from([0x00, 0xff, 0x7f, 0xc3]); // not valid UTF-8
    await produce(env.KAFKA_REQUEST_TOPIC, [
      { key: 'k1', value: notJson, headers: { traceparent, 'x-tenant': ['a', 'b'] } },
      { key: 'k2', value: badIndustry },
      { key: 'k3', value: tooLarge },
      { key: 'k4', value: request('OK1') },
    ]);
    await waitFor(() => queue.getJob('ai-OK1'), { what: 'the valid message after the bad ones' });

    const dead = await readRecords(env.KAFKA_DLQ_TOPIC, 3);
    expect((await describeTopic(env.KAFKA_DLQ_TOPIC)).records).toBe(3); // exactly one record each
    expect(dead.map((r) => r.headers['x-error-code'])).toEqual(['INVALID_JSON', 'INVALID_MESSAGE', 'TOO_LARGE']);
    expect(dead.map((r) => r.value?.toString())).toEqual([notJson, badIndustry, tooLarge]); // original bytes
    expect(dead.map((r) => r.key)).toEqual(['k1', 'k2', 'k3']);
    expect(dead[1]?.headers['x-error-reason']).toContain('/industry');
    expect(dead[0]?.headers).toMatchObject({ 'x-source-topic': env.KAFKA_REQUEST_TOPIC, 'x-source-partition': '0', 'x-source-offset': '0' });
    expect(dead[2]?.headers['x-source-offset']).toBe('2');
    expect(dead[0]?.rawHeaders).toMatchObject({ traceparent: traceparent, 'x-tenant': [Buffer.from('a'), Buffer.from('b')] }); // bytes as sent
    expect(await jobCount()).toBe(1);
    expect(await store.getStatus('X2')).toBeNull();
  });

  it('dead-letters a message built to break the parser (deep nesting) and goes on', async () => {
    // 20,000 levels (~40 KB) overflow any recursive walk; the default size limit lets it in.
    await restartWith(parseEnv(BridgeEnv, isolatedEnv('bridge-poison')));
    const poison = `{"jobId":"P1","eventId":"E","objective":"o","industry":"i","region":"r","storeInfo":{"budget":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: poison }, { value: request('AFTER-POISON') }]);
    await waitFor(() => queue.getJob('ai-AFTER-POISON'), { what: 'the message after the poison one' });
    const [dead] = await readRecords(env.KAFKA_DLQ_TOPIC, 1);
    expect(dead?.headers).toMatchObject({ 'x-error-code': 'INVALID_MESSAGE' });
    expect(dead?.headers['x-error-reason']).toContain('/storeInfo/budget');
    expect((await describeTopic(env.KAFKA_DLQ_TOPIC)).records).toBe(1);
  });

  it('still records a message the DLQ refuses for its size, without its value', async () => {
    // A DLQ created beforehand with a smaller limit than the request topic: the bridge leaves it as it is.
    const smallDlq = parseEnv(BridgeEnv, { ...isolatedEnv('bridge-small-dlq'), MAX_MESSAGE_BYTES: '4096' });
    const messaging = createKafkaMessaging({ brokers: testServices.kafkaBrokers, clientId: 'test', logger });
    await messaging.ensureTopics([{ topic: smallDlq.KAFKA_DLQ_TOPIC, partitions: 1, maxMessageBytes: 3_000 }]);
    await messaging.close();
    await restartWith(smallDlq);

    const tooLarge = request('BIG-1', { objective: 'x'.repeat(6_000) });
    await produce(env.KAFKA_REQUEST_TOPIC, [{ key: 'kb', value: tooLarge }, { value: request('AFTER-BIG') }]);
    await waitFor(() => queue.getJob('ai-AFTER-BIG'), { what: 'the message after the large one' });
    const [dead] = await readRecords(env.KAFKA_DLQ_TOPIC, 1);
    expect(dead?.value).toBeNull();
    expect(dead?.key).toBe('kb');
    expect(dead?.headers).toMatchObject({
      'x-error-code': 'TOO_LARGE', 'x-value-dropped': 'true', 'x-original-size': String(Buffer.byteLength(tooLarge)), 'x-source-offset': '0',
    });
  });

  it('skips and counts messages older than MAX_MESSAGE_AGE_MS (a new group replaying old ones): no job, no DLQ record', async () => {
    const old = String(Date.now() - 2 * 86_400_000);
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: request('OLD-1'), timestamp: old }, { value: request('OLD-2'), timestamp: old }]);
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: request('NEW-1') }]);
    await waitFor(() => queue.getJob('ai-NEW-1'), { what: 'the fresh message' });
    expect(await queue.getJob('ai-OLD-1')).toBeUndefined();
    expect(await store.getStatus('OLD-2')).toBeNull();
    expect((await describeTopic(env.KAFKA_DLQ_TOPIC)).records).toBe(0);
  });

  it('dead-letters a jobId reused for another event as CONFLICT, leaving the first job alone', async () => {
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: request('DUP-1') }]);
    await waitFor(() => queue.getJob('ai-DUP-1'), { what: 'the first request' });
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: request('DUP-1', { eventId: 'EVT-SOMEONE-ELSE' }) }]);
    const [dead] = await readRecords(env.KAFKA_DLQ_TOPIC, 1);
    expect(dead?.headers).toMatchObject({ 'x-error-code': 'CONFLICT', 'x-error-reason': 'jobId DUP-1 belongs to event EVT-DUP-1, not EVT-SOMEONE-ELSE' });
    expect((await queue.getJob('ai-DUP-1'))?.data.eventId).toBe('EVT-DUP-1');
    expect((await store.getStatus('DUP-1'))?.eventId).toBe('EVT-DUP-1');
  });

  it('pauses above the high-water mark and consumes again below the low-water mark, staying in the group', async () => {
    await restartWith(parseEnv(BridgeEnv, { ...isolatedEnv('bridge-bp'), QUEUE_HIGH_WATER_MARK: '5', QUEUE_LOW_WATER_MARK: '2' }));
    await produce(env.KAFKA_REQUEST_TOPIC, Array.from({ length: 8 }, (_, i) => ({ value: request(`BP-${i}`) })));
    await waitFor(async () => (await jobCount()) === 8, { what: '8 jobs' });
    // The next look at the backlog (every second) sees 8 > 5 and pauses: what comes now waits.
    await waitFor(() => bridgeLines.some((l) => l.msg === 'queue above the high-water mark; consumption paused'), { what: 'the pause' });
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: request('BP-LATE') }]);
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // a bounded look: only absence is to be seen
    expect(await queue.getJob('ai-BP-LATE')).toBeUndefined();

    const worker = new Worker(env.QUEUE_NAME, async () => undefined, { connection: { url: testServices.redisUrl }, prefix: env.QUEUE_PREFIX });
    try {
      await waitFor(() => queue.getJob('ai-BP-LATE'), { what: 'BP-LATE consumed once the workers caught up', timeoutMs: 20_000 });
    } finally {
      await worker.close();
    }
    expect(bridgeLines.filter((l) => l.msg === 'queue above the high-water mark; consumption paused')).toHaveLength(1);
    expect(bridgeLines.filter((l) => l.msg === 'queue below the low-water mark; consumption resumed')).toHaveLength(1);
    expect(bridgeLines.filter((l) => l.msg === 'joined the consumer group' && l['group'] === env.KAFKA_CONSUMER_GROUP)).toHaveLength(1);
  });

  it('commits only handled messages: a restarted bridge does not handle them again', async () => {
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: request('C1') }]);
    await waitFor(() => queue.getJob('ai-C1'), { what: 'job ai-C1' });
    await bridge?.stop();
    // Remove the job: if the offset had not been committed, the restarted bridge would add it again.
    await queue.obliterate({ force: true });
    bridge = await startBridge(env, logger);
    await produce(env.KAFKA_REQUEST_TOPIC, [{ value: request('C2') }]);
    await waitFor(() => queue.getJob('ai-C2'), { what: 'job ai-C2' });
    expect(await queue.getJob('ai-C1')).toBeUndefined();
  });
});
