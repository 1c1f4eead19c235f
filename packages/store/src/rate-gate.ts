import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AI_PROVIDER_NAMES, redisKeys, type AiProviderName } from '@aisvc/contracts';

/** A provider's limits per minute, for all worker processes together. */
export interface ProviderLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
}

export interface RateGateOptions {
  /** Put in front of every key. */
  keyPrefix?: string;
  /**
   * Token corrections after calls are summed per provider and written once per
   * this many ms (one Redis script for a few hundred calls at high concurrency,
   * instead of one each). Default 200.
   */
  settleEveryMs?: number;
}

/**
 * Shared per-provider rate limits in Redis (rate-limiter-flexible's fixed
 * one-minute windows): every worker process draws from the same budget, so N
 * pods together stay under the vendor's limits. Providers without limits pass.
 */
export class RedisRateGate {
  private readonly limiters = new Map<AiProviderName, { requests: RateLimiterRedis; tokens: RateLimiterRedis; tpm: number }>();
  /** Corrections not yet written, per provider, and the write that will carry them. */
  private readonly unsettled = new Map<AiProviderName, { tokens: number; written: Promise<void> }>();
  private readonly settleEveryMs: number;

  constructor(redis: Redis, limits: Partial<Record<AiProviderName, ProviderLimits>>, options: RateGateOptions = {}) {
    const prefix = options.keyPrefix ?? '';
    this.settleEveryMs = options.settleEveryMs ?? 200;
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

  /**
   * After the call: charges the tokens used beyond the reservation, or gives back
   * what was not used. Resolves when the batch it joined is written (within
   * `settleEveryMs`); a batch still waiting when the process exits is lost, which
   * only makes the budget that much stricter or looser for the rest of the minute.
   */
  async settle(provider: AiProviderName, extraTokens: number): Promise<void> {
    const limiter = this.limiters.get(provider);
    if (!limiter || extraTokens === 0) return;
    let batch = this.unsettled.get(provider);
    if (!batch) {
      const pending = { tokens: 0, written: Promise.resolve() };
      pending.written = new Promise<void>((resolve) => setTimeout(resolve, this.settleEveryMs).unref()).then(async () => {
        this.unsettled.delete(provider);
        if (pending.tokens > 0) await limiter.tokens.penalty(provider, pending.tokens);
        else if (pending.tokens < 0) await limiter.tokens.reward(provider, -pending.tokens);
      });
      this.unsettled.set(provider, pending);
      batch = pending;
    }
    batch.tokens += extraTokens;
    await batch.written;
  }
}

/** rate-limiter-flexible rejects with a RateLimiterRes when the window is full, with an Error when Redis fails. */
function msBeforeNext(rejection: unknown): number {
  if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
  throw rejection;
}
