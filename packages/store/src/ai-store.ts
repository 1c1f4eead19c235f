import type { AiProviderName, AIRecommendationResult, JobState, JobStatus, TrendAnalysis } from '@aisvc/contracts';

/** A change to a job's status record. `createdAt`/`updatedAt` are the store's job. */
export interface StatusUpdate {
  jobId: string;
  eventId: string;
  status: JobState;
  progress: number;
  message: string;
  /** BullMQ attempt (1-based); progress only rises within one attempt. */
  attempt?: number;
  error?: string;
}

/** A circuit breaker's state as a worker reports it. */
export interface BreakerReport {
  provider: AiProviderName;
  state: 'CLOSED' | 'OPEN' | 'HALF_OPEN';
}

/**
 * The ai:* keys of SPEC §5: job statuses, trend analyses and recommendation
 * results. Callers never build keys or pick TTLs; the store does both.
 */
export interface AiStore {
  /** Writes PENDING only when the job has no status yet. True when it wrote. */
  createPendingStatus(job: { jobId: string; eventId: string }): Promise<boolean>;
  /**
   * createPendingStatus for many jobs in one round trip (one script): per job, in order,
   * `existing: null` when it wrote PENDING, else the status that was there (a repeated
   * jobId finds the PENDING its first occurrence wrote). A stored value that is not a
   * valid status counts as absent and is replaced.
   */
  claimPendingStatuses(jobs: { jobId: string; eventId: string }[]): Promise<{ existing: JobStatus | null }[]>;
  /**
   * Applies an update unless it would move the record backwards: a COMPLETED job
   * is final; within one attempt progress never drops; an older attempt never
   * overwrites a newer one. Returns the record as stored afterwards.
   */
  updateStatus(update: StatusUpdate): Promise<JobStatus>;
  getStatus(jobId: string): Promise<JobStatus | null>;

  getTrend(industry: string, region: string): Promise<TrendAnalysis | null>;
  /** The trend and when its key expires at the earliest (epoch ms; Infinity without a TTL), in one round trip. */
  getTrendEntry(industry: string, region: string): Promise<{ trend: TrendAnalysis; expiresAt: number } | null>;
  /** Kept 24 h unless `ttlSeconds` says less (a fallback analysis is kept briefly). */
  saveTrend(trend: TrendAnalysis, ttlSeconds?: number): Promise<void>;
  /**
   * Single flight for trend analysis across processes: returns a token when this
   * caller may compute the trend, or null while another holder has it.
   */
  acquireTrendLock(industry: string, region: string, ttlMs: number): Promise<string | null>;
  releaseTrendLock(industry: string, region: string, token: string): Promise<void>;
  /** Keeps a held lock alive for another `ttlMs`; false when it is no longer ours (expired and taken). */
  extendTrendLock(industry: string, region: string, token: string, ttlMs: number): Promise<boolean>;

  /** One worker's circuit-breaker states, kept for `ttlSeconds` unless published again. */
  publishBreakerStates(workerId: string, states: readonly BreakerReport[], ttlSeconds: number): Promise<void>;
  /** Every live worker's breaker states (expired reports are dropped). */
  getBreakerStates(): Promise<(BreakerReport & { workerId: string })[]>;

  getRecommendation(eventId: string): Promise<AIRecommendationResult | null>;
  saveRecommendation(result: AIRecommendationResult): Promise<void>;

  /** Round trip to the backing store, for health checks. */
  ping(): Promise<void>;
}
