import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { UnreadableBatchReport } from '@aisvc/contracts';
import { testServices, uniqueName } from '@aisvc/testkit';
import { RedisIntakeControl } from './intake-control.js';

const redis = new Redis(testServices.redisUrl);
afterAll(async () => {
  await redis.quit();
});

let prefix: string;
let control: RedisIntakeControl;
const invalid: string[] = [];
beforeEach(() => {
  prefix = `${uniqueName('intake')}:`;
  control = new RedisIntakeControl(redis, { keyPrefix: prefix, onInvalid: (key) => invalid.push(key) });
});

const report = (partition: number, firstOffset: string): UnreadableBatchReport => ({
  topic: 'ai-job-request',
  partition,
  firstOffset,
  lastOffset: String(Number(firstOffset) + 4),
  compression: 'unknown codec 5',
  sizeBytes: 900,
  reason: 'a record batch uses compression codec id 5',
  holder: 'host/1',
  detectedAt: '2026-11-26T00:00:00.000Z',
  reportedAt: '2026-11-26T00:00:02.000Z',
});

describe('intake control', () => {
  it('keeps one report per topic and partition, refreshed in place, and ignores a damaged one', async () => {
    await control.reportUnreadable(report(0, '10'));
    await control.reportUnreadable({ ...report(0, '10'), reportedAt: '2026-11-26T00:01:00.000Z' });
    await control.reportUnreadable(report(2, '7'));
    await redis.hset(`${prefix}ai:intake:unreadable`, 'ai-job-request/9', '{"topic":');
    const reports = await control.listUnreadable();
    expect(reports.map((r) => [r.partition, r.reportedAt]).sort()).toEqual([[0, '2026-11-26T00:01:00.000Z'], [2, '2026-11-26T00:00:02.000Z']]);
    expect(invalid).toEqual([`${prefix}ai:intake:unreadable ai-job-request/9`]);
  });

  it('an approval waits for the holder; completing it records the result and removes approval and report at once', async () => {
    await control.reportUnreadable(report(1, '42'));
    await control.requestSkip({ topic: 'ai-job-request', partition: 1, firstOffset: '42', requestedAt: '2026-11-26T00:02:00.000Z' });
    expect(await control.getSkipRequest('ai-job-request', 1)).toMatchObject({ firstOffset: '42' });
    expect(await redis.ttl(`${prefix}ai:intake:skip:ai-job-request:1`)).toBeGreaterThan(6 * 86_400);
    expect(await control.getSkipResult('ai-job-request', 1, '42')).toBeNull();

    const result = { topic: 'ai-job-request', partition: 1, firstOffset: '42', lastOffset: '46', deadLetterTopic: 'ai-job-request.dlq', holder: 'host/1', skippedAt: '2026-11-26T00:02:01.000Z' };
    await control.completeSkip(result);
    expect(await control.getSkipResult('ai-job-request', 1, '42')).toEqual(result);
    expect(await control.getSkipRequest('ai-job-request', 1)).toBeNull();
    expect(await control.listUnreadable()).toEqual([]);
  });
});
