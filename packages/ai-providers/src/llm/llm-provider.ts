import type { AiProviderName, TokenUsage } from '@aisvc/contracts';
import { ProviderError } from '../errors.js';
import { costOf, priceOf, type PriceOverrides } from '../pricing.js';
import type { AiProvider, ProviderAnswer, CallOptions } from '../provider.js';
import { plansPrompt, trendPrompt, type Prompt } from './prompts.js';
import { AnswerProblems, PLANS_SCHEMA, recommendationsFrom, TREND_SCHEMA, trendAnalysisFrom } from './schemas.js';

/** Per-provider settings from env (CLAUDE_* / OPENAI_*). */
export interface LlmSettings {
  apiKey: string;
  model: string;
  /** Output token cap per call (max_tokens / max_output_tokens). */
  maxTokens: number;
  /** Longest a single vendor request may take; the chain also cuts it at the job's deadline. */
  timeoutMs: number;
  /** Vendor endpoint; unset → the SDK's default. */
  baseURL?: string | undefined;
  /** Sent only when set (the newest models refuse sampling parameters). */
  temperature?: number | undefined;
  prices?: PriceOverrides | undefined;
}

/** A structured-output schema as sent to a vendor. */
export interface OutputSchema {
  name: string;
  schema: Record<string, unknown>;
}

/** What a vendor returned for one request, before we parse and validate it. */
export interface Completion {
  text: string;
  /** The model that answered, as the vendor names it. */
  model: string;
  usage: TokenUsage;
}

/** One vendor request: throws ProviderError for HTTP failures, max-token stops and refusals. */
export type Complete = (prompt: Prompt, format: OutputSchema, signal: AbortSignal | undefined) => Promise<Completion>;

/**
 * The vendor-neutral half of an LLM provider: prompts, structured output,
 * parsing and full validation of the answer, usage and cost. The vendor half
 * (`complete`) speaks the wire protocol through the official SDK.
 */
export function createLlmProvider(name: AiProviderName, settings: LlmSettings, complete: Complete, now: () => Date = () => new Date()): AiProvider {
  async function call<T>(purpose: 'TREND_ANALYSIS' | 'RECOMMENDATIONS', prompt: Prompt, format: OutputSchema, options: CallOptions, read: (answer: unknown) => T): Promise<ProviderAnswer<T>> {
    const started = performance.now();
    const completion = await complete(prompt, format, options.signal);
    const failed = (kind: 'INVALID_OUTPUT', message: string, cause: unknown) =>
      new ProviderError(name, kind, message, { usage: completion.usage, model: completion.model, cause });
    let parsed: unknown;
    try {
      parsed = JSON.parse(completion.text);
    } catch (error) {
      throw failed('INVALID_OUTPUT', `answer is not JSON (${completion.text.length} chars)`, error);
    }
    let value: T;
    try {
      value = read(parsed);
    } catch (error) {
      if (error instanceof AnswerProblems) throw failed('INVALID_OUTPUT', `answer breaks the contract: ${error.message}`, error);
      throw error;
    }
    return {
      value,
      call: {
        purpose,
        provider: name,
        model: completion.model,
        promptVersion: prompt.version,
        usage: completion.usage,
        costUsd: costOf(completion.usage, priceOf(completion.model, settings.prices) ?? priceOf(settings.model, settings.prices)),
        ms: Math.round(performance.now() - started),
      },
    };
  }

  return {
    name,
    model: settings.model,
    analyseTrends: (query, options = {}) =>
      call('TREND_ANALYSIS', trendPrompt(query), TREND_SCHEMA, options, (answer) => trendAnalysisFrom(answer, query, name, now())),
    generateRecommendations: ({ request, trendAnalysis }, options = {}) =>
      call('RECOMMENDATIONS', plansPrompt(request, trendAnalysis), PLANS_SCHEMA, options, recommendationsFrom),
  };
}
