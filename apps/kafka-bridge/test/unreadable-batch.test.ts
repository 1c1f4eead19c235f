/**
 * A request batch the bridge cannot read (damaged where the broker stores it: no producer
 * can write one), with the bridge, the api and the operator's skip command as real
 * processes: the bridge names the batch and the command, keeps the other partition
 * flowing, /health shows it, and the command skips exactly that batch into the DLQ.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';
import { registerKafkaCodecs } from '@aisvc/messaging';
import { RedisAiStore } from '@aisvc/store';
import {
  brokerFilesReachable,
  createTopics,
  damageStoredBatch,
  isolatedEnv,
  readRecords,
  runScript,
  startApp,
  testServices,
  waitFor,
  type AppProcess,
} from '@aisvc/testkit';

const env = { ...isolatedEnv('unreadable'), KAFKA_TOPIC_PARTITIONS: '2', HOST: '127.0.0.1', PORT: '0' };
const redis = new Redis(testServices.redisUrl);
const store = new RedisAiStore(redis, { keyPrefix: env.KEY_PREFIX });
const apps: AppProcess[] = [];
let apiUrl = '';

const request = (jobId: string) =>
  JSON.stringify({ jobId, eventId: `EVT-${jobId}`, objective: '매출 증대', industry: '음식점', region: '마포구' });

registerKafkaCodecs(); // this test's own kafkajs producer writes a zstd batch

async function sendBatch(partition: number, jobIds: string[], compression = CompressionTypes.None): Promise<void> {
  const producer = new Kafka({ clientId: 'test', brokers: testServices.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic: env.KAFKA_REQUEST_TOPIC, acks: -1, compression, messages: jobIds.map((id) => ({ value: request(id), partition })) });
  } finally {
    await producer.disconnect();
  }
}

const health = async () => (await fetch(`${apiUrl}/health`)).json() as Promise<{ status: string; unreadableBatches: { partition: number; firstOffset: string }[] }>;
const skipBatch = (...args: string[]) => runScript('apps/kafka-bridge/src/skip-batch.ts', args, { ...env, LOG_LEVEL: 'warn' });

describe.skipIf(!brokerFilesReachable())('a request batch the bridge cannot read', () => {
  beforeAll(async () => {
    await createTopics([env.KAFKA_REQUEST_TOPIC], 2);
    await sendBatch(0, ['P0-A']); // offset 0
    await sendBatch(0, ['P0-BAD-1', 'P0-BAD-2'], CompressionTypes.ZSTD); // offsets 1..2
    await sendBatch(0, ['P0-C']); // offset 3
    await sendBatch(1, ['P1-A']);
    await damageStoredBatch(env.KAFKA_REQUEST_TOPIC, 0, 1, { kind: 'garble-compressed' });
    apps.push(await startApp('kafka-bridge', env));
    const api = await startApp('api', env);
    apps.push(api);
    apiUrl = String((await api.waitForLog((l) => l.msg === 'api listening', 'url'))['url']);
  }, 90_000);
  afterAll(async () => {
    const codes = await Promise.all(apps.map((a) => a.stop()));
    await redis.quit();
    expect(codes).toEqual(apps.map(() => 0));
  }, 60_000);

  it('is named with its coordinates and the command, held alone, shown by /health, and skipped on command', async () => {
    const [bridge] = apps;
    const line = await bridge!.waitForLog((l) => String(l.msg).startsWith('cannot read the record batch'), 'the unreadable batch reported', 60_000);
    expect(line).toMatchObject({
      level: 'error',
      topic: env.KAFKA_REQUEST_TOPIC,
      partition: 0,
      firstOffset: '1',
      lastOffset: '2',
      compression: 'zstd',
      skipCommand: `pnpm skip-batch --topic ${env.KAFKA_REQUEST_TOPIC} --partition 0 --offset 1`,
    });
    expect(String(line['reason'])).toMatch(/^zstd decompression failed/);

    // The request before it and the other partition are handled; the one after it waits.
    await waitFor(async () => (await store.getStatus('P0-A')) && (await store.getStatus('P1-A')), { what: 'P0-A and P1-A PENDING' });
    await sendBatch(1, ['P1-B']);
    await waitFor(() => store.getStatus('P1-B'), { what: 'P1-B accepted while partition 0 is held' });
    expect(await store.getStatus('P0-C')).toBeNull();

    const degraded = await waitFor(async () => {
      const h = await health();
      return h.unreadableBatches.length > 0 ? h : undefined;
    }, { what: '/health listing the batch' });
    expect(degraded).toMatchObject({ status: 'DEGRADED', unreadableBatches: [{ partition: 0, firstOffset: '1', lastOffset: '2', compression: 'zstd' }] });

    // A wrong offset is refused and skips nothing.
    const wrong = await skipBatch('--topic', env.KAFKA_REQUEST_TOPIC, '--partition', '0', '--offset', '2', '--wait-seconds', '2');
    expect(wrong.code, wrong.output).toBe(2);
    expect(wrong.output).toContain('starts at offset 1, not 2');

    const skipped = await skipBatch('--partition', '0', '--offset', '1');
    expect(skipped.code, skipped.output).toBe(0);
    expect(skipped.output).toContain(`skipped ${env.KAFKA_REQUEST_TOPIC}/0 offsets 1..2`);

    const [dead] = await readRecords(env.KAFKA_DLQ_TOPIC, 1);
    expect(dead?.value).toBeNull();
    expect(dead?.headers).toMatchObject({
      'x-error-code': 'UNREADABLE_BATCH',
      'x-source-topic': env.KAFKA_REQUEST_TOPIC,
      'x-source-partition': '0',
      'x-source-offset': '1',
      'x-source-last-offset': '2',
      'x-source-compression': 'zstd',
    });
    await waitFor(() => store.getStatus('P0-C'), { what: 'P0-C accepted after the skip' });
    expect(await store.getStatus('P0-BAD-1')).toBeNull();
    expect(await health()).toMatchObject({ status: 'UP', unreadableBatches: [] });
    expect(bridge!.logs.some((l) => String(l.msg).startsWith('skipped the unreadable record batch'))).toBe(true);
  }, 120_000);
});
