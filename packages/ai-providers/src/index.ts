export type { AiProvider, RecommendationQuery, TrendQuery } from './provider.js';
export { createRuleBasedProvider, type RuleBasedProviderOptions } from './rule-based/rule-based-provider.js';
