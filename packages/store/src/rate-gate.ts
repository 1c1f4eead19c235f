import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AI_PROVIDER_NAMES, redisKeys, type AiProviderName } from '@aisvc/contracts';

/** A provider's limits per minute, for all worker processes together. */
export interface ProviderLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
}

/**
 * Shared per-provider rate limits in Redis (rate-limiter-flexible's fixed
 * one-minute windows): every worker process draws from the same budget, so N
 * pods together stay under the vendor's limits. Providers without limits pass.
 */
export class RedisRateGate {
  private readonly limiters = new Map<AiProviderName, { requests: RateLimiterRedis; tokens: RateLimiterRedis; tpm: number }>();

  constructor(redis: Redis, limits: Partial<Record<AiProviderName, ProviderLimits>>, options: { keyPrefix?: string } = {}) {
    const prefix = options.keyPrefix ?? '';
    for (const provider of AI_PROVIDER_NAMES) {
      const limit = limits[provider];
      if (!limit) continue;
      const limiter = (unit: 'requests' | 'tokens', points: number) =>
        new RateLimiterRedis({ storeClient: redis, keyPrefix: prefix + redisKeys.rateLimit(provider, unit), points, duration: 60 });
      this.limiters.set(provider, { requests: limiter('requests', limit.requestsPerMinute), tokens: limiter('tokens', limit.tokensPerMinute), tpm: limit.tokensPerMinute });
    }
  }

  /** Reserves one request and `tokens`; 0 when granted, else ms until the window has room. */
  async take(provider: AiProviderName, tokens: number): Promise<number> {
    const limiter = this.limiters.get(provider);
    if (!limiter) return 0;
    // Both budgets in one round trip. rate-limiter-flexible counts a refused consume
    // too, so when either refuses, both amounts are given back.
    const taken = Math.min(tokens, limiter.tpm); // a call larger than the whole budget still fits an empty window
    const [requests, tokensTaken] = await Promise.allSettled([limiter.requests.consume(provider, 1), limiter.tokens.consume(provider, taken)]);
    if (requests.status === 'fulfilled' && tokensTaken.status === 'fulfilled') return 0;
    const wait = Math.max(
      requests.status === 'rejected' ? msBeforeNext(requests.reason) : 0,
      tokensTaken.status === 'rejected' ? msBeforeNext(tokensTaken.reason) : 0,
    );
    await Promise.all([limiter.requests.reward(provider, 1), limiter.tokens.reward(provider, taken)]);
    return wait;
  }

  /** After the call: charges the tokens used beyond the reservation, or gives back what was not used. */
  async settle(provider: AiProviderName, extraTokens: number): Promise<void> {
    const limiter = this.limiters.get(provider);
    if (!limiter || extraTokens === 0) return;
    if (extraTokens > 0) await limiter.tokens.penalty(provider, extraTokens);
    else await limiter.tokens.reward(provider, -extraTokens);
  }
}

/** rate-limiter-flexible rejects with a RateLimiterRes when the window is full, with an Error when Redis fails. */
function msBeforeNext(rejection: unknown): number {
  if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
  throw rejection;
}
