import { describe, expect, it } from 'vitest';
import { exampleTrendAnalysis } from '@aisvc/contracts';
import { LocalTrendCache } from './trend-cache.js';

const trend = (region: string) => ({ ...exampleTrendAnalysis, region });

describe('LocalTrendCache', () => {
  it('answers a copy until its own TTL or the Redis key\'s expiry, whichever comes first', async () => {
    const cache = new LocalTrendCache(10_000);
    cache.put(trend('강남구'), Date.now() + 60_000);
    cache.put(trend('마포구'), Date.now() + 50);
    expect(cache.get('음식점', '강남구')?.region).toBe('강남구');
    expect(cache.get('음식점', '마포구')?.region).toBe('마포구');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(cache.get('음식점', '마포구')).toBeNull();
    expect(cache.get('음식점', '강남구')).not.toBeNull();
    expect(cache.get('음식점', '종로구')).toBeNull();
  });

  it('keeps nothing for a key that is already gone, and drops the oldest entry when full', () => {
    const cache = new LocalTrendCache(10_000, 2);
    cache.put(trend('a'), Date.now() - 1);
    expect(cache.get('음식점', 'a')).toBeNull();
    const later = Date.now() + 60_000;
    cache.put(trend('a'), later);
    cache.put(trend('b'), later);
    cache.put(trend('c'), later);
    expect([cache.get('음식점', 'a'), cache.get('음식점', 'b')?.region, cache.get('음식점', 'c')?.region]).toEqual([null, 'b', 'c']);
  });
});
