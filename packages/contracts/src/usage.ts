import { Type, type Static } from 'typebox';
import { AiProviderName } from './ai-provider.js';

const Tokens = Type.Integer({ minimum: 0 });

/** Tokens one or more LLM calls used, normalised across vendors (input excludes cached tokens). */
export const TokenUsage = Type.Object({
  inputTokens: Tokens,
  outputTokens: Tokens,
  cacheReadTokens: Tokens,
  cacheWriteTokens: Tokens,
});
export type TokenUsage = Static<typeof TokenUsage>;

export const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

export const CALL_PURPOSES = ['TREND_ANALYSIS', 'RECOMMENDATIONS'] as const;

/** One answered provider call: who answered, with which model and prompt, what it used and cost. */
export const ProviderCall = Type.Object({
  purpose: Type.Enum(CALL_PURPOSES),
  provider: AiProviderName,
  model: Type.String({ description: 'Model that answered (RULE_BASED: the generator version).' }),
  promptVersion: Type.String(),
  usage: TokenUsage,
  costUsd: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'Estimated from the price table; null when the model has no price.' }),
  ms: Type.Integer({ minimum: 0 }),
  /** Vendors tried before this one answered, with why they did not. */
  fellBackFrom: Type.Optional(Type.Array(Type.Object({ provider: AiProviderName, reason: Type.String() }))),
});
export type ProviderCall = Static<typeof ProviderCall>;

/** What generating one result took: the calls this job made (a cached trend costs nothing) and their totals. */
export const GenerationReport = Type.Object({
  model: Type.String({ description: 'Model behind the recommendations (aiProvider names its provider).' }),
  trendCacheHit: Type.Boolean(),
  calls: Type.Array(ProviderCall),
  usage: TokenUsage,
  costUsd: Type.Number({ minimum: 0, description: 'Sum of the priced calls, USD.' }),
});
export type GenerationReport = Static<typeof GenerationReport>;

export function generationReport(calls: readonly ProviderCall[], trendCacheHit: boolean): GenerationReport {
  const last = calls[calls.length - 1];
  return {
    model: last?.model ?? 'unknown',
    trendCacheHit,
    calls: [...calls],
    usage: calls.reduce((sum, c) => addUsage(sum, c.usage), ZERO_USAGE),
    costUsd: calls.reduce((sum, c) => sum + (c.costUsd ?? 0), 0),
  };
}
