import { describe, expect, it } from 'vitest';
import { exampleTrendAnalysis } from '@aisvc/contracts';
import { LocalTrendCache } from './trend-cache.js';

const trend = (region: string) => ({ ...exampleTrendAnalysis, region });

describe('LocalTrendCache', () => {
  it('answers a copy until its own TTL or the shorter remaining TTL of the Redis key', async () => {
    const cache = new LocalTrendCache(10_000);
    cache.put(trend('강남구'), 60_000);
    cache.put(trend('마포구'), 50);
    expect(cache.get('음식점', '강남구')?.region).toBe('강남구');
    expect(cache.get('음식점', '마포구')?.region).toBe('마포구');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(cache.get('음식점', '마포구')).toBeNull();
    expect(cache.get('음식점', '강남구')).not.toBeNull();
    expect(cache.get('음식점', '종로구')).toBeNull();
  });

  it('keeps nothing for a key that is already gone, and drops the oldest entry when full', () => {
    const cache = new LocalTrendCache(10_000, 2);
    cache.put(trend('a'), 0);
    expect(cache.get('음식점', 'a')).toBeNull();
    cache.put(trend('a'), 60_000);
    cache.put(trend('b'), 60_000);
    cache.put(trend('c'), 60_000);
    expect([cache.get('음식점', 'a'), cache.get('음식점', 'b')?.region, cache.get('음식점', 'c')?.region]).toEqual([null, 'b', 'c']);
  });
});
