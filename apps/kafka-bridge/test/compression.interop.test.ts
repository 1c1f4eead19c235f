/**
 * Requests written by Kafka's Java client, as the platform's Event Service (Java/Spring)
 * writes them, with each compression codec a Java producer may be configured with, all in
 * one topic: bridge and worker as real processes take every one to COMPLETED. And the
 * api, publishing compressed itself, is read by the bridge too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisAiStore } from '@aisvc/store';
import { scanBatches } from '@aisvc/messaging';
import { createTopics, isolatedEnv, javaProduce, startApp, testServices, waitFor, type AppProcess, type JavaCompression } from '@aisvc/testkit';

const env = { ...isolatedEnv('codecs'), HOST: '127.0.0.1', PORT: '0', KAFKA_COMPRESSION: 'zstd' };
const CODECS: JavaCompression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const redis = new Redis(testServices.redisUrl);
const store = new RedisAiStore(redis, { keyPrefix: env.KEY_PREFIX });
const apps: AppProcess[] = [];

beforeAll(async () => {
  await createTopics([env.KAFKA_REQUEST_TOPIC], 1);
  apps.push(await startApp('kafka-bridge', env), await startApp('worker', env));
}, 90_000);
afterAll(async () => {
  const codes = await Promise.all(apps.map((a) => a.stop()));
  await redis.quit();
  expect(codes).toEqual(apps.map(() => 0));
}, 60_000);

const request = (jobId: string) => ({
  jobId,
  eventId: `EVT-${jobId}`,
  objective: '재방문 유도',
  industry: '카페',
  region: '서울 성동구',
  storeInfo: { storeName: '성수 로스터리', description: '스페셜티 커피와 디저트' },
});

/** The codec of each stored batch of the (single-partition) request topic from `fromOffset` on. */
async function storedCodecs(fromOffset: bigint): Promise<string[]> {
  const [host = '', port = ''] = (testServices.kafkaBrokers[0] ?? '').split(':');
  const codecs: string[] = [];
  for await (const batch of scanBatches({ host, port: Number(port), clientId: 'test', topic: env.KAFKA_REQUEST_TOPIC, partition: 0, fromOffset })) {
    codecs.push(batch.compression);
  }
  return codecs;
}

async function completed(jobIds: string[]): Promise<void> {
  await waitFor(
    async () => {
      const statuses = await Promise.all(jobIds.map((id) => store.getStatus(id)));
      const failed = statuses.find((s) => s?.status === 'FAILED');
      if (failed) throw new Error(`${failed.jobId} FAILED: ${failed.error ?? ''}`);
      return statuses.every((s) => s?.status === 'COMPLETED');
    },
    { what: `${jobIds.join(', ')} COMPLETED`, timeoutMs: 60_000 },
  );
}

describe('compressed requests', () => {
  it('from the Java producer with every codec, in one topic: each request COMPLETED', async () => {
    const jobIds: string[] = [];
    for (const codec of CODECS) {
      const batch = [request(`JAVA-${codec}-1`), request(`JAVA-${codec}-2`)];
      jobIds.push(...batch.map((r) => r.jobId));
      await javaProduce(env.KAFKA_REQUEST_TOPIC, batch.map((r) => ({ key: r.eventId, value: JSON.stringify(r) })), { compression: codec });
    }
    // The topic really holds batches of each codec, in order, as the Java client wrote them
    // (a busy machine may split one codec's records into two batches).
    expect([...new Set(await storedCodecs(0n))]).toEqual(CODECS);

    await completed(jobIds);
    const result = await store.getRecommendation('EVT-JAVA-snappy-2');
    expect(result?.recommendations).toHaveLength(3);
    expect(result?.jobId).toBe('JAVA-snappy-2');
  }, 120_000);

  it('from the api publishing with KAFKA_COMPRESSION=zstd: COMPLETED', async () => {
    const api = await startApp('api', env);
    apps.push(api);
    const url = String((await api.waitForLog((l) => l.msg === 'api listening', 'url'))['url']);
    const response = await fetch(`${url}/internal/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request('API-ZSTD-1') }),
    });
    expect(response.status).toBe(202);
    expect(await storedCodecs(10n)).toEqual(['zstd']); // after the 10 Java-written requests: the api's one record
    await completed(['API-ZSTD-1']);
  }, 60_000);
});
