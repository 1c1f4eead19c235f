export { createRecommendationProcessor, InvalidRecommendationsError, type ProcessorDeps } from './recommendation-processor.js';
export { DEFAULT_TREND_CACHE_SETTINGS, getOrAnalyseTrends, type TrendCacheSettings } from './trend-cache.js';
