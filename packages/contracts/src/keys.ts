/**
 * Redis keys and TTLs of the original cache design (SPEC §5). Builders return the
 * bare key; a store may put a namespace prefix in front (tests use one each).
 */
export const TTL_SECONDS = {
  jobStatus: 24 * 60 * 60,
  trend: 24 * 60 * 60,
  recommendation: 60 * 60,
} as const;

export const redisKeys = {
  jobStatus: (jobId: string) => `ai:job:status:${jobId}`,
  trend: (industry: string, region: string) => `ai:trend:${industry}:${region}`,
  recommendation: (eventId: string) => `ai:recommendation:${eventId}`,
  /** Single-flight lock: one trend analysis per industry and region at a time. */
  trendLock: (industry: string, region: string) => `ai:lock:trend:${industry}:${region}`,
  /** Every worker's circuit-breaker states, for /health (one hash). */
  breakers: () => 'ai:breakers',
  /** Shared per-provider rate limits (rate-limiter-flexible puts its own suffix after it). */
  rateLimit: (provider: string, unit: 'requests' | 'tokens') => `ai:ratelimit:${provider}:${unit}`,
} as const;
