import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { JobRequest } from '@aisvc/contracts';
import { connectRedis } from '@aisvc/queue';
import { RedisAiStore, type AiStore } from '@aisvc/store';
import { testServices, uniqueName } from '@aisvc/testkit';
import { createRequestSubmitter, DependencyUnavailableError } from './request-submitter.js';

const logger = pino({ level: 'silent' });
let redis: Redis;
let store: RedisAiStore;
const published: JobRequest[] = [];
const publish = async (request: JobRequest) => {
  published.push(request);
};

beforeAll(async () => {
  redis = await connectRedis(testServices.redisUrl, 'client');
  store = new RedisAiStore(redis, { keyPrefix: `${uniqueName('submit')}:` });
});
afterAll(async () => {
  await redis.quit();
});

const body = { eventId: 'EVT-S', objective: '인지도 향상', industry: '꽃집', region: '종로구' };

describe('request submitter', () => {
  it('publishes a normalised request with a new jobId and records PENDING', async () => {
    const submit = createRequestSubmitter({ store, publish, logger });
    const outcome = await submit({ ...body, region: ' 종로구 ' });
    expect(outcome).toMatchObject({ kind: 'accepted', status: 'PENDING' });
    const jobId = outcome.kind === 'accepted' ? outcome.jobId : '';
    expect(published.at(-1)).toMatchObject({ ...body, jobId, season: expect.any(String) as unknown });
    expect((await store.getStatus(jobId))?.status).toBe('PENDING');
  });

  it('answers 202 once published even if PENDING cannot be written (the bridge writes it too)', async () => {
    // Our own store interface with one failing method: the fault to inject, Redis itself stays real.
    const failingPending: AiStore = Object.assign(Object.create(store) as RedisAiStore, {
      createPendingStatus: () => Promise.reject(new Error('redis went away')),
    });
    const submit = createRequestSubmitter({ store: failingPending, publish, logger });
    const count = published.length;
    expect(await submit({ ...body, jobId: 'S-PENDING-FAILS' })).toEqual({ kind: 'accepted', jobId: 'S-PENDING-FAILS', status: 'PENDING' });
    expect(published).toHaveLength(count + 1);
  });

  it('names Kafka when the publish fails, and records nothing', async () => {
    const submit = createRequestSubmitter({ store, publish: () => Promise.reject(new Error('no brokers')), logger });
    await expect(submit({ ...body, jobId: 'S-NO-KAFKA' })).rejects.toMatchObject({ name: 'DependencyUnavailableError', dependency: 'kafka' });
    await expect(submit({ ...body, jobId: 'S-NO-KAFKA' })).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(await store.getStatus('S-NO-KAFKA')).toBeNull();
  });

  it('refuses what the bridge would dead-letter, with the same reason', async () => {
    expect(await createRequestSubmitter({ store, publish, logger })({ ...body, industry: '꽃:집' })).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('/industry') as unknown,
    });
  });
});
