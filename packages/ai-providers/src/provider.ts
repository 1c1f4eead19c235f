import type { AiProviderName, JobRequest, ProviderCall, Recommendation, TrendAnalysis } from '@aisvc/contracts';
import type { Logger } from '@aisvc/logging';

/** What a trend analysis depends on: it is cached per industry and region, for one season. */
export interface TrendQuery {
  industry: string;
  region: string;
  season: string;
}

export interface RecommendationQuery {
  request: JobRequest;
  trendAnalysis: TrendAnalysis;
}

/** How one call may run: cancelled by `signal`, finished by `deadline` (epoch ms), logged to `logger`. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** The job's deadline (epoch ms): no vendor call is started, waited for or retried past it. */
  deadline?: number | undefined;
  /** The job's logger (carries its jobId). */
  logger?: Logger | undefined;
}

/** A validated answer and the record of the call that produced it (provider, model, usage, cost). */
export interface ProviderAnswer<T> {
  value: T;
  call: ProviderCall;
}

/**
 * One source of trend analyses and event plans. Answers pass the contracts'
 * schemas in full (LLM-backed providers validate the model's output and throw a
 * `ProviderError` when it does not); the call record says who answered.
 */
export interface AiProvider {
  readonly name: AiProviderName;
  /** The configured model (for a chain: its first link's). */
  readonly model: string;
  analyseTrends(query: TrendQuery, options?: CallOptions): Promise<ProviderAnswer<TrendAnalysis>>;
  /** Exactly three plans, optionNumber 1..3, ordered from low to high budget. */
  generateRecommendations(query: RecommendationQuery, options?: CallOptions): Promise<ProviderAnswer<Recommendation[]>>;
}
