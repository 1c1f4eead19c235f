import type { AiProviderName, JobRequest, Recommendation, TrendAnalysis } from '@aisvc/contracts';

/** What a trend analysis depends on: it is cached per industry and region. */
export interface TrendQuery {
  industry: string;
  region: string;
  season: string;
}

export interface RecommendationQuery {
  request: JobRequest;
  trendAnalysis: TrendAnalysis;
}

/**
 * One source of trend analyses and event plans. Implementations return values
 * that already pass the contracts' schemas; LLM-backed ones validate the model's
 * output and throw a retryable error when it does not.
 */
export interface AiProvider {
  readonly name: AiProviderName;
  analyseTrends(query: TrendQuery, signal?: AbortSignal): Promise<TrendAnalysis>;
  /** Exactly three plans, optionNumber 1..3, ordered from low to high budget. */
  generateRecommendations(query: RecommendationQuery, signal?: AbortSignal): Promise<Recommendation[]>;
}
