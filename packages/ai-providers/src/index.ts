export type { AiProvider, CallOptions, ProviderAnswer, RecommendationQuery, TrendQuery } from './provider.js';
export { FAILURE_KINDS, ProviderError, retryAfterMs, type FailureKind } from './errors.js';
export { costOf, parsePriceOverrides, priceOf, PRICES, type ModelPrice, type PriceOverrides } from './pricing.js';
export { createRuleBasedProvider, RULE_BASED_MODEL, type RuleBasedProviderOptions } from './rule-based/rule-based-provider.js';
export { DEFAULT_CLAUDE_MODEL, DEFAULT_OPENAI_MODEL, OPENAI_API_MODES, type OpenAiApiMode } from './llm/models.js';
export type { LlmSettings } from './llm/llm-provider.js';
export { dataBlock, PLANS_PROMPT_VERSION, TREND_PROMPT_VERSION } from './llm/prompts.js';
export { LlmPlansAnswer, LlmTrendAnswer, PLANS_SCHEMA, TREND_SCHEMA, toLlmPlansAnswer, toLlmTrendAnswer } from './llm/schemas.js';
export {
  BREAKER_STATES,
  createProviderChain,
  DEFAULT_CHAIN_SETTINGS,
  type BreakerBoard,
  type BreakerState,
  type ChainLink,
  type ChainSettings,
  type ProviderChain,
  type RateGate,
} from './chain/provider-chain.js';
export { buildProviderChain, ProviderConfigError, type ProvidersConfig } from './chain/from-config.js';
export { sampleLlmAnswers } from './llm/sample-answers.js';
