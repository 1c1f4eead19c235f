import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { exampleResult, type TrendAnalysis } from '@aisvc/contracts';
import { testServices, uniqueName } from '@aisvc/testkit';
import { RedisAiStore } from './redis-ai-store.js';

const redis = new Redis(testServices.redisUrl);
afterAll(async () => {
  await redis.quit();
});

let prefix: string;
let store: RedisAiStore;
beforeEach(() => {
  prefix = `${uniqueName('store')}:`;
  store = new RedisAiStore(redis, { keyPrefix: prefix });
});

const job = { jobId: 'JOB-1', eventId: 'EVT-1' };
const processing = (progress: number, attempt = 1) => ({ ...job, status: 'PROCESSING' as const, progress, message: `at ${progress}`, attempt });

describe('job status', () => {
  it('claims PENDING for a whole run in one script: new ones written, existing ones returned as they are', async () => {
    await store.updateStatus({ ...processing(50), jobId: 'R-RUNNING', eventId: 'E-RUNNING' });
    await redis.set(`${prefix}ai:job:status:R-GARBLED`, '{"jobId":', 'EX', 60); // unreadable: replaced
    const claims = await store.claimPendingStatuses([
      { jobId: 'R-NEW', eventId: 'E-NEW' },
      { jobId: 'R-RUNNING', eventId: 'E-OTHER' },
      { jobId: 'R-NEW', eventId: 'E-NEW' }, // twice in one run: the second finds the first's PENDING
      { jobId: 'R-GARBLED', eventId: 'E-G' },
    ]);
    expect(claims.map((c) => c.existing?.status ?? null)).toEqual([null, 'PROCESSING', 'PENDING', null]);
    expect(claims[1]?.existing).toMatchObject({ jobId: 'R-RUNNING', eventId: 'E-RUNNING', progress: 50 });
    expect(await store.getStatus('R-NEW')).toMatchObject({ status: 'PENDING', eventId: 'E-NEW' });
    expect(await store.getStatus('R-GARBLED')).toMatchObject({ status: 'PENDING', eventId: 'E-G' });
    expect(await redis.ttl(`${prefix}ai:job:status:R-NEW`)).toBeGreaterThan(86_000);
    expect(await store.getStatus('R-RUNNING')).toMatchObject({ status: 'PROCESSING' }); // untouched
  });

  it('writes PENDING under the SPEC key with a 24 h TTL, only once', async () => {
    expect(await store.createPendingStatus(job)).toBe(true);
    expect(await store.createPendingStatus(job)).toBe(false);
    const key = `${prefix}ai:job:status:JOB-1`;
    expect(JSON.parse((await redis.get(key)) ?? 'null')).toMatchObject({ ...job, status: 'PENDING', progress: 0 });
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(86_000);
    expect(ttl).toBeLessThanOrEqual(86_400);
  });

  it('never resets a running job to PENDING', async () => {
    await store.createPendingStatus(job);
    await store.updateStatus(processing(50));
    expect(await store.createPendingStatus(job)).toBe(false);
    expect((await store.getStatus('JOB-1'))?.progress).toBe(50);
  });

  it('keeps progress rising within an attempt and keeps createdAt', async () => {
    await store.createPendingStatus(job);
    const created = (await store.getStatus('JOB-1'))?.createdAt;
    await store.updateStatus(processing(50));
    const after = await store.updateStatus(processing(10));
    expect(after).toMatchObject({ status: 'PROCESSING', progress: 50, createdAt: created });
  });

  it('lets a new attempt start again from a lower progress, but not an older attempt', async () => {
    await store.updateStatus(processing(50, 1));
    expect((await store.updateStatus(processing(10, 2))).progress).toBe(10);
    expect((await store.updateStatus(processing(90, 1))).attempt).toBe(2);
  });

  it('treats COMPLETED as final', async () => {
    await store.updateStatus({ ...job, status: 'COMPLETED', progress: 100, message: 'done', attempt: 1 });
    const after = await store.updateStatus({ ...job, status: 'FAILED', progress: 0, message: 'late', attempt: 3, error: 'x' });
    expect(after.status).toBe('COMPLETED');
  });

  it('records FAILED with its error, keeping the progress reached', async () => {
    await store.updateStatus(processing(50));
    const failed = await store.updateStatus({ ...job, status: 'FAILED', progress: 0, message: '실패', attempt: 1, error: 'boom' });
    expect(failed).toMatchObject({ status: 'FAILED', progress: 50, error: 'boom' });
  });

  it('returns null for an unknown job', async () => {
    expect(await store.getStatus('nope')).toBeNull();
  });

  it('keeps Korean text intact through the Lua update', async () => {
    const stored = await store.updateStatus({ ...job, status: 'PROCESSING', progress: 10, message: '트렌드 분석 중 / "따옴표"', attempt: 1 });
    expect(stored.message).toBe('트렌드 분석 중 / "따옴표"');
    expect((await store.getStatus('JOB-1'))?.message).toBe('트렌드 분석 중 / "따옴표"');
  });
});

describe('trend and recommendation caches', () => {
  const trend = {
    industry: '음식점', region: '강남구', season: '겨울',
    industryTrends: [{ keyword: 'k', relevance: 0.5, description: 'd' }],
    regionalTrends: [{ keyword: 'k', relevance: 0.5, description: 'd' }],
    seasonalTrends: [{ keyword: 'k', relevance: 0.5, description: 'd' }],
    generatedAt: '2026-11-24T00:00:00.000Z', aiProvider: 'RULE_BASED',
  } satisfies TrendAnalysis;

  it('stores a trend under ai:trend:{industry}:{region} for 24 h', async () => {
    expect(await store.getTrend('음식점', '강남구')).toBeNull();
    await store.saveTrend(trend);
    expect(await store.getTrend('음식점', '강남구')).toEqual(trend);
    expect(await redis.ttl(`${prefix}ai:trend:음식점:강남구`)).toBeGreaterThan(86_000);
  });

  it('reads a trend with when its key expires, in one round trip (none for a missing key)', async () => {
    expect(await store.getTrendEntry('음식점', '강남구')).toBeNull();
    const before = Date.now();
    await store.saveTrend(trend, 60);
    const entry = await store.getTrendEntry('음식점', '강남구');
    expect(entry?.trend).toEqual(trend);
    // No later than the key's real expiry (saved at or after `before`), and not much earlier.
    expect(entry?.expiresAt).toBeGreaterThan(before + 50_000);
    expect(entry?.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    await redis.persist(`${prefix}ai:trend:음식점:강남구`);
    expect((await store.getTrendEntry('음식점', '강남구'))?.expiresAt).toBe(Number.POSITIVE_INFINITY);
  });

  it('stores a result under ai:recommendation:{eventId} for 1 h', async () => {
    const result = { ...exampleResult, eventId: 'EVT-9', jobId: 'JOB-9', trendAnalysis: trend };
    await store.saveRecommendation(result);
    expect(await store.getRecommendation('EVT-9')).toEqual(result);
    const ttl = await redis.ttl(`${prefix}ai:recommendation:EVT-9`);
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_600);
  });

  it('grants the trend lock to one holder at a time and releases only its own', async () => {
    const token = await store.acquireTrendLock('카페', '성동구', 5_000);
    expect(token).toEqual(expect.any(String));
    expect(await store.acquireTrendLock('카페', '성동구', 5_000)).toBeNull();
    await store.releaseTrendLock('카페', '성동구', 'not-mine');
    expect(await store.acquireTrendLock('카페', '성동구', 5_000)).toBeNull();
    await store.releaseTrendLock('카페', '성동구', token ?? '');
    expect(await store.acquireTrendLock('카페', '성동구', 5_000)).toEqual(expect.any(String));
  });
});

describe('reading what is stored', () => {
  it('treats a value that does not match its schema as absent, and says so', async () => {
    const invalid: string[] = [];
    const watched = new RedisAiStore(redis, { keyPrefix: prefix, onInvalid: (key) => invalid.push(key) });
    await redis.set(`${prefix}ai:recommendation:EVT-BAD`, JSON.stringify({ ...exampleResult, recommendations: [] }));
    await redis.set(`${prefix}ai:job:status:JOB-BAD`, '{"jobId": "JOB-BAD", trunc');
    expect(await watched.getRecommendation('EVT-BAD')).toBeNull();
    expect(await watched.getStatus('JOB-BAD')).toBeNull();
    expect(invalid).toEqual([`${prefix}ai:recommendation:EVT-BAD`, `${prefix}ai:job:status:JOB-BAD`]);
  });
});

describe('scripts', () => {
  // SCRIPT FLUSH is server-wide; every script user (BullMQ included) reloads on NOSCRIPT.
  it('still works after Redis forgot its scripts (SCRIPT FLUSH)', async () => {
    await store.updateStatus(processing(10));
    await redis.script('FLUSH');
    expect((await store.updateStatus(processing(50))).progress).toBe(50);
  });
});
