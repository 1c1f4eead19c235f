import { describe, expect, it } from 'vitest';
import { redisKeys, TTL_SECONDS } from './keys.js';

describe('redis keys', () => {
  it('match the original cache design', () => {
    expect(redisKeys.jobStatus('JOB-1')).toBe('ai:job:status:JOB-1');
    expect(redisKeys.trend('음식점', '강남구')).toBe('ai:trend:음식점:강남구');
    expect(redisKeys.recommendation('123e4567-e89b-12d3-a456-426614174000')).toBe(
      'ai:recommendation:123e4567-e89b-12d3-a456-426614174000',
    );
  });
  it('carry the SPEC TTLs (and 7 days for a batch-skip approval and its result)', () => {
    expect(TTL_SECONDS).toEqual({ jobStatus: 86_400, trend: 86_400, recommendation: 3_600, batchSkip: 604_800 });
  });
});
