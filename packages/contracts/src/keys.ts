/**
 * Redis keys and TTLs of the original cache design (SPEC §5). Builders return the
 * bare key; a store may put a namespace prefix in front (tests use one each).
 */
export const TTL_SECONDS = {
  jobStatus: 24 * 60 * 60,
  trend: 24 * 60 * 60,
  recommendation: 60 * 60,
  /** A skip approval and its result: long enough for a bridge that is down for a while. */
  batchSkip: 7 * 24 * 60 * 60,
} as const;

export const redisKeys = {
  jobStatus: (jobId: string) => `ai:job:status:${jobId}`,
  trend: (industry: string, region: string) => `ai:trend:${industry}:${region}`,
  recommendation: (eventId: string) => `ai:recommendation:${eventId}`,
  /** Single-flight lock: one trend analysis per industry and region at a time. */
  trendLock: (industry: string, region: string) => `ai:lock:trend:${industry}:${region}`,
  /** Hash `{topic}/{partition}` → UnreadableBatchReport: batches the bridges hold paused. */
  unreadableBatches: () => 'ai:intake:unreadable',
  /** BatchSkipRequest: an operator's approval to skip one batch of one partition. */
  batchSkipRequest: (topic: string, partition: number) => `ai:intake:skip:${topic}:${partition}`,
  /** BatchSkipResult: the bridge's confirmation, read by the skip command. */
  batchSkipResult: (topic: string, partition: number, firstOffset: string) => `ai:intake:skipped:${topic}:${partition}:${firstOffset}`,
  /** Every worker's circuit-breaker states, for /health (one hash). */
  breakers: () => 'ai:breakers',
  /** Shared per-provider rate limits (rate-limiter-flexible puts its own suffix after it). */
  rateLimit: (provider: string, unit: 'requests' | 'tokens') => `ai:ratelimit:${provider}:${unit}`,
} as const;
