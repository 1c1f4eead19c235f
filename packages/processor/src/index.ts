export { createRecommendationProcessor, InvalidRecommendationsError, recordFinalFailure, type ProcessorDeps } from './recommendation-processor.js';
export { DEFAULT_TREND_CACHE_SETTINGS, getOrAnalyseTrends, InvalidTrendAnalysisError, type TrendCacheSettings } from './trend-cache.js';
