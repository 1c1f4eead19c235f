import { Type, type Static } from 'typebox';
import { compileSchema, type TokenUsage } from '@aisvc/contracts';

/** USD per million tokens. */
export const ModelPrice = Type.Object(
  {
    input: Type.Number({ minimum: 0 }),
    output: Type.Number({ minimum: 0 }),
    cacheRead: Type.Number({ minimum: 0 }),
    cacheWrite: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type ModelPrice = Static<typeof ModelPrice>;

/** `LLM_PRICES`: extra or corrected prices by model name, as JSON. */
export const PriceOverrides = Type.Record(Type.String({ minLength: 1 }), ModelPrice);
export type PriceOverrides = Static<typeof PriceOverrides>;
const overridesChecker = compileSchema(PriceOverrides);

/**
 * List prices, USD per million tokens, standard (non-batch) tier, short context,
 * as published by the vendors in 2026-11 (read through their pricing pages as
 * quoted on public pages; verify before billing anyone — prices change, and
 * LLM_PRICES overrides any entry without a release):
 * - Anthropic (platform.claude.com/docs/en/about-claude/pricing, model pages):
 *   cache write = the 5-minute write rate (we cache with the default ephemeral TTL),
 *   cache read = "cache hits and refreshes".
 * - OpenAI (the API pricing page): cache read = "cached input"; OpenAI caches
 *   automatically and bills no cache write, so cacheWrite = the input rate
 *   (OpenAI reports no cache-write tokens anyway).
 */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-sonnet-5-5': { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 },
  'claude-sonnet-5': { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 },
  'claude-opus-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'gpt-5.5': { input: 5, output: 30, cacheRead: 0.5, cacheWrite: 5 },
  'gpt-5.4': { input: 2.5, output: 15, cacheRead: 0.25, cacheWrite: 2.5 },
};

/** Parses LLM_PRICES (JSON object of model → price); throws naming the problem. */
export function parsePriceOverrides(json: string | undefined): PriceOverrides {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`LLM_PRICES is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!overridesChecker.check(value)) throw new Error(`LLM_PRICES: ${overridesChecker.problems(value).join('; ')}`);
  return value;
}

/** The price of `model`; a dated snapshot (claude-…-20260101, gpt-…-2026-01-01) falls back to its alias. */
export function priceOf(model: string, overrides: PriceOverrides = {}): ModelPrice | undefined {
  const alias = model.replace(/-\d{8}$|-\d{4}-\d{2}-\d{2}$/, '');
  return overrides[model] ?? PRICES[model] ?? overrides[alias] ?? PRICES[alias];
}

/** Estimated USD cost of `usage`; null when the price is unknown. */
export function costOf(usage: TokenUsage, price: ModelPrice | undefined): number | null {
  if (!price) return null;
  const micro =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheReadTokens * price.cacheRead +
    usage.cacheWriteTokens * price.cacheWrite;
  // Rounded to a millionth of a dollar: enough for per-call figures, no float noise in logs.
  return Math.round(micro) / 1_000_000;
}
