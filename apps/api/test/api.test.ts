import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { parseEnv } from '@aisvc/config';
import type { TrendAnalysis } from '@aisvc/contracts';
import { RedisAiStore, RedisIntakeControl } from '@aisvc/store';
import { createTopics, describeTopic, isolatedEnv, readRecords, testServices } from '@aisvc/testkit';
import { startApi, type RunningApi } from '../src/api.js';
import { ApiEnv } from '../src/env.js';

const env = parseEnv(ApiEnv, {
  ...isolatedEnv('api'),
  HOST: '127.0.0.1',
  PORT: '0',
  BODY_LIMIT_BYTES: '2048',
  BULL_BOARD_PASSWORD: 'operator-secret',
});
const redis = new Redis(testServices.redisUrl);
const store = new RedisAiStore(redis, { keyPrefix: env.KEY_PREFIX });
let api: RunningApi;

beforeAll(async () => {
  await createTopics([env.KAFKA_REQUEST_TOPIC]);
  api = await startApi(env, pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }));
});
afterAll(async () => {
  await api.stop();
  await redis.quit();
});

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, text };
};

const submission = { eventId: 'EVT-API-1', objective: '매출 증대', industry: '카페', region: '성동구' };

describe('GET /health', () => {
  it('checks Redis and Kafka for real', async () => {
    const { status, body } = await call('GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'UP', services: { redis: 'UP', kafka: 'UP' } });
    expect(Date.parse(String(body?.['timestamp']))).not.toBeNaN();
    expect(body?.['unreadableBatches']).toEqual([]);
  });

  it('is DEGRADED while a bridge holds a partition on a batch it cannot read, listing it; stale reports do not count', async () => {
    const control = new RedisIntakeControl(redis, { keyPrefix: env.KEY_PREFIX });
    const held = {
      topic: env.KAFKA_REQUEST_TOPIC, partition: 2, firstOffset: '17', lastOffset: '19', compression: 'lz4', sizeBytes: 812,
      reason: 'lz4 decompression failed', holder: 'bridge-0/7', detectedAt: new Date().toISOString(), reportedAt: new Date().toISOString(),
    };
    const stale = { ...held, partition: 0, holder: 'gone/1', reportedAt: new Date(Date.now() - 10 * 60_000).toISOString() };
    await control.reportUnreadable(stale);
    expect((await call('GET', '/health')).body).toMatchObject({ status: 'UP', unreadableBatches: [] });
    await control.reportUnreadable(held);
    const { status, body } = await call('GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'DEGRADED', services: { redis: 'UP', kafka: 'UP' }, unreadableBatches: [held] });
    await control.completeSkip({ ...held, deadLetterTopic: 'dlq', skippedAt: new Date().toISOString() });
    expect((await call('GET', '/health')).body).toMatchObject({ status: 'UP', unreadableBatches: [] });
  });

  it('shows the fleet\'s vendors and breakers from the states workers publish, dropping expired ones', async () => {
    expect((await call('GET', '/health')).body).toMatchObject({ services: { claudeApi: 'NOT_CONFIGURED', gpt4Api: 'NOT_CONFIGURED', circuitBreaker: 'NOT_CONFIGURED' } });
    await store.publishBreakerStates('w1', [{ provider: 'CLAUDE', state: 'CLOSED' }, { provider: 'GPT_4', state: 'OPEN' }], 30);
    await store.publishBreakerStates('w2', [{ provider: 'CLAUDE', state: 'OPEN' }, { provider: 'GPT_4', state: 'OPEN' }], 30);
    const degraded = await call('GET', '/health');
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ status: 'DEGRADED', services: { redis: 'UP', claudeApi: 'UP', gpt4Api: 'DOWN', circuitBreaker: 'OPEN' } });
    // A worker that stopped publishing no longer counts once its entry expired.
    const expired = new RedisAiStore(redis, { keyPrefix: env.KEY_PREFIX, now: () => new Date(Date.now() - 60_000) });
    await expired.publishBreakerStates('w2', [{ provider: 'CLAUDE', state: 'OPEN' }, { provider: 'GPT_4', state: 'OPEN' }], 30);
    await store.publishBreakerStates('w1', [{ provider: 'CLAUDE', state: 'HALF_OPEN' }, { provider: 'GPT_4', state: 'CLOSED' }], 30);
    expect((await call('GET', '/health')).body).toMatchObject({ status: 'UP', services: { claudeApi: 'UP', gpt4Api: 'UP', circuitBreaker: 'HALF_OPEN' } });
    expect((await store.getBreakerStates()).map((r) => r.workerId)).toEqual(['w1', 'w1']);
  });
});

describe('reads', () => {
  it('404 with the error body for an unknown job', async () => {
    const { status, body } = await call('GET', '/internal/jobs/NO-SUCH-JOB/status');
    expect(status).toBe(404);
    expect(body).toEqual({ code: 'NOT_FOUND', message: 'job NO-SUCH-JOB not found' });
  });

  it('404 for an unknown event and an unknown trend', async () => {
    expect((await call('GET', '/internal/recommendations/NO-SUCH-EVENT')).body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await call('GET', `/internal/trends/${encodeURIComponent('카페')}/${encodeURIComponent('없는구')}`)).status).toBe(404);
  });

  it('400 with a readable message for an id outside the charset', async () => {
    const { status, body } = await call('GET', '/internal/jobs/bad%20id/status');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(String(body?.['message'])).toMatch(/jobId/);
  });

  it('serves a stored trend by its Korean industry and region', async () => {
    const trend: TrendAnalysis = {
      industry: '음식점', region: '서울 성동구', season: '겨울',
      industryTrends: [{ keyword: '혼밥', relevance: 0.8, description: '1인 메뉴' }],
      regionalTrends: [{ keyword: '팝업', relevance: 0.7, description: '성수 팝업' }],
      seasonalTrends: [{ keyword: '연말', relevance: 0.9, description: '송년 모임' }],
      generatedAt: new Date().toISOString(), aiProvider: 'RULE_BASED',
    };
    await store.saveTrend(trend);
    const { status, body } = await call('GET', `/internal/trends/${encodeURIComponent('음식점')}/${encodeURIComponent('서울 성동구')}`);
    expect(status).toBe(200);
    expect(body).toEqual(trend);
  });
});

describe('POST /internal/jobs', () => {
  it('publishes the normalised request keyed by eventId and answers 202 PENDING', async () => {
    const { status, body } = await call('POST', '/internal/jobs', { ...submission, industry: ' 카페 ' });
    expect(status).toBe(202);
    expect(body?.['status']).toBe('PENDING');
    const jobId = String(body?.['jobId']);
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    const [record] = await readRecords(env.KAFKA_REQUEST_TOPIC, 1);
    expect(record?.key).toBe('EVT-API-1');
    const published = JSON.parse(record?.value?.toString() ?? '{}') as Record<string, unknown>;
    expect(published).toMatchObject({ ...submission, jobId });
    expect(published['season']).toMatch(/^(봄|여름|가을|겨울)$/);
    expect((await call('GET', `/internal/jobs/${jobId}/status`)).body).toMatchObject({ jobId, status: 'PENDING' });
  });

  it('answers a retry with a known jobId from the status, without publishing again', async () => {
    await store.updateStatus({ jobId: 'KNOWN-1', eventId: submission.eventId, status: 'PROCESSING', progress: 50, message: 'x', attempt: 1 });
    const before = (await describeTopic(env.KAFKA_REQUEST_TOPIC)).records;
    const { status, body } = await call('POST', '/internal/jobs', { ...submission, jobId: 'KNOWN-1' });
    expect(status).toBe(202);
    expect(body).toEqual({ jobId: 'KNOWN-1', status: 'PROCESSING' });
    expect((await describeTopic(env.KAFKA_REQUEST_TOPIC)).records).toBe(before);
  });

  it('409 when the jobId already belongs to another event', async () => {
    await store.updateStatus({ jobId: 'KNOWN-2', eventId: 'EVT-OTHER', status: 'COMPLETED', progress: 100, message: 'x', attempt: 1 });
    const { status, body } = await call('POST', '/internal/jobs', { ...submission, jobId: 'KNOWN-2' });
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'CONFLICT', details: { eventId: 'EVT-OTHER' } });
  });

  it.each([
    ['a colon in industry', { ...submission, industry: '카:페' }, /industry/],
    ['a missing objective', { eventId: 'E', industry: '카페', region: '성동구' }, /objective/],
    ['a jobId outside the charset', { ...submission, jobId: 'a b' }, /jobId/],
    ['a budget with min above max', { ...submission, storeInfo: { budget: { min: 10, max: 1 } } }, /budget/],
  ])('400 for %s, naming the field', async (_label, payload, field) => {
    const { status, body } = await call('POST', '/internal/jobs', payload);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(String(body?.['message'])).toMatch(field);
  });

  it('400 for a body that is not JSON, 415 for another media type, 413 for a large body', async () => {
    expect((await call('POST', '/internal/jobs', '{"eventId": ')).body).toMatchObject({ code: 'INVALID_JSON' });
    const text = await fetch(`${api.url}/internal/jobs`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const large = await call('POST', '/internal/jobs', { ...submission, objective: 'x'.repeat(5000) });
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('400 with the error body for a malformed URL escape', async () => {
    const { status, body } = await call('GET', '/internal/jobs/%ZZ/status');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('404 with the error body for an unknown route', async () => {
    expect(await call('GET', '/nope')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});

describe('docs and dashboard', () => {
  it('serves an OpenAPI 3 document generated from the route schemas', async () => {
    const { status, body } = await call('GET', '/docs/json');
    expect(status).toBe(200);
    expect(String(body?.['openapi'])).toMatch(/^3\./);
    const paths = body?.['paths'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining([
      '/health', '/internal/jobs', '/internal/jobs/{jobId}/status', '/internal/recommendations/{eventId}', '/internal/trends/{industry}/{region}',
    ]));
    expect(JSON.stringify(paths['/internal/recommendations/{eventId}'])).toContain('estimatedCost');
    expect((await fetch(`${api.url}/docs`, { redirect: 'follow' })).status).toBe(200);
  });

  it('puts Bull Board behind basic auth', async () => {
    const anonymous = await fetch(`${api.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await fetch(`${api.url}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    const operator = await fetch(`${api.url}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from('admin:operator-secret').toString('base64')}` } });
    expect(operator.status).toBe(200);
    expect(await operator.text()).toContain('<html');
    const queues = await fetch(`${api.url}/admin/queues/api/queues`, { headers: { authorization: `Basic ${Buffer.from('admin:operator-secret').toString('base64')}` } });
    expect(JSON.stringify(await queues.json())).toContain(env.QUEUE_NAME);
  });
});
