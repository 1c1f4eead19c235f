export {
  createRecommendationProcessor,
  DEFAULT_JOB_DEADLINE_MS,
  InvalidRecommendationsError,
  recordFinalFailure,
  type JobOutcome,
  type ProcessorDeps,
} from './recommendation-processor.js';
export { DEFAULT_TREND_CACHE_SETTINGS, getOrAnalyseTrends, InvalidTrendAnalysisError, LocalTrendCache, type TrendCacheSettings, type TrendOutcome } from './trend-cache.js';
