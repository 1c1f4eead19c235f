import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { scanDelete, testServices, uniqueName } from '@aisvc/testkit';
import { RedisRateGate } from './rate-gate.js';

const redis = new Redis(testServices.redisUrl);
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) await scanDelete(redis, `${prefix}*`);
  await redis.quit();
});

const gateFor = (requestsPerMinute: number, tokensPerMinute: number) => {
  const keyPrefix = `${uniqueName('gate')}:`;
  prefixes.push(keyPrefix);
  // Two gates on one Redis stand for two worker processes sharing the budget.
  return [0, 1].map(() => new RedisRateGate(redis, { CLAUDE: { requestsPerMinute, tokensPerMinute } }, { keyPrefix }));
};

describe('RedisRateGate', () => {
  it('shares the requests-per-minute budget across processes and says how long to wait', async () => {
    const [a, b] = gateFor(2, 1_000_000);
    expect(await a?.take('CLAUDE', 100)).toBe(0);
    expect(await b?.take('CLAUDE', 100)).toBe(0);
    const wait = (await a?.take('CLAUDE', 100)) ?? 0;
    expect(wait).toBeGreaterThan(50_000); // the one-minute window just started
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await b?.take('GPT_4', 100)).toBe(0); // a provider without limits passes
  });

  it('counts tokens, gives the request back when the tokens refuse, and settles to the real usage', async () => {
    const [a, b] = gateFor(100, 10_000);
    expect(await a?.take('CLAUDE', 8_000)).toBe(0);
    expect(await b?.take('CLAUDE', 5_000)).toBeGreaterThan(0); // 13,000 > 10,000
    await a?.settle('CLAUDE', -6_000); // the call used 2,000 of its 8,000
    expect(await b?.take('CLAUDE', 5_000)).toBe(0);
    await b?.settle('CLAUDE', 4_000); // this one used 9,000: 11,000 in the window now
    expect(await a?.take('CLAUDE', 1)).toBeGreaterThan(0);
  });
});
