// The LLM-facing answer schemas, derived from the contracts' TypeBox schemas:
// closed objects (every property required, no others), no server-owned fields
// (industry/region/season/generatedAt/aiProvider are ours, eventId and the rest
// live outside the plans), and the cost breakdown as a list of {item, amount},
// since strict JSON-schema modes cannot express a free-form record.
import { Type, type Static, type TSchema } from 'typebox';
import {
  compileSchema,
  KrwAmount,
  Recommendation,
  recommendationListProblems,
  TrendAnalysis,
  type Recommendation as RecommendationValue,
  type TrendAnalysis as TrendAnalysisValue,
} from '@aisvc/contracts';
import type { TrendQuery } from '../provider.js';

const TREND_LISTS = ['industryTrends', 'regionalTrends', 'seasonalTrends'] as const;

/** Trend lists only: what the model must produce for an analysis. */
export const LlmTrendAnswer = Type.Pick(TrendAnalysis, [...TREND_LISTS]);
export type LlmTrendAnswer = Static<typeof LlmTrendAnswer>;

const BreakdownItem = Type.Object({
  item: Type.String({ minLength: 1, maxLength: 100, description: '비용 항목 (예: 쿠폰 할인 비용)' }),
  amount: KrwAmount,
});

/** One plan as the model writes it: the contract's plan with the breakdown as a list. */
export const LlmPlan = Type.Object({
  ...Type.Omit(Recommendation, ['estimatedCost']).properties,
  estimatedCost: Type.Object({
    min: Recommendation.properties.estimatedCost.properties.min,
    max: Recommendation.properties.estimatedCost.properties.max,
    breakdown: Type.Array(BreakdownItem, { minItems: 1, maxItems: 10 }),
  }),
});
export type LlmPlan = Static<typeof LlmPlan>;

/** The vendors want an object at the top: the three plans under `recommendations`. */
export const LlmPlansAnswer = Type.Object({ recommendations: Type.Array(LlmPlan, { minItems: 3, maxItems: 3 }) });
export type LlmPlansAnswer = Static<typeof LlmPlansAnswer>;

// Keywords the vendors' strict modes do not take: both SDKs strip them from the
// schemas they send and mention them in the description instead; so do we, and
// check them ourselves on the parsed answer.
const MOVED_TO_DESCRIPTION = ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'pattern', 'format'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isJsonObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strictNode(node: Json): Json {
  if (Array.isArray(node)) return node.map(strictNode);
  if (!isJsonObject(node)) return node;
  const out: { [key: string]: Json } = {};
  const moved: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if ((MOVED_TO_DESCRIPTION as readonly string[]).includes(key)) moved.push(`${key}: ${JSON.stringify(value)}`);
    else if (key === 'properties' && isJsonObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, strictNode(schema)]));
    } else out[key] = strictNode(value);
  }
  if (isJsonObject(out) && out['type'] === 'object' && isJsonObject(out['properties'] ?? null)) {
    out['additionalProperties'] = false;
    out['required'] = Object.keys(out['properties'] as { [key: string]: Json });
  }
  if (Array.isArray(out['enum']) && out['type'] === undefined && out['enum'].every((v) => typeof v === 'string')) out['type'] = 'string';
  if (moved.length > 0) {
    const description = typeof out['description'] === 'string' ? `${out['description']} ` : '';
    out['description'] = `${description}(${moved.join(', ')})`;
  }
  return out;
}

/**
 * The JSON Schema sent to a vendor's strict structured-output mode: plain JSON,
 * closed objects, every property required, unsupported constraints moved into
 * descriptions (they are enforced by our own validation of the answer).
 */
export function strictJsonSchema(schema: TSchema): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(schema)) as Json;
  const strict = strictNode(plain);
  if (!isJsonObject(strict)) throw new Error('a structured-output schema must be an object schema');
  return strict;
}

export const TREND_SCHEMA = { name: 'trend_analysis', schema: strictJsonSchema(LlmTrendAnswer) } as const;
export const PLANS_SCHEMA = { name: 'event_plans', schema: strictJsonSchema(LlmPlansAnswer) } as const;

const trendChecker = compileSchema(TrendAnalysis);
const recommendationChecker = compileSchema(Recommendation);

/** A property of an unknown JSON value (undefined when it is not an object). */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The parsed answer fails our schema (the vendor may not enforce every constraint) or the plan rules. */
export class AnswerProblems extends Error {
  override readonly name = 'AnswerProblems';
  constructor(readonly problems: string[]) {
    super(problems.slice(0, 5).join('; '));
  }
}

/** The model's trend lists as a full TrendAnalysis for `query`, validated against the contract. */
export function trendAnalysisFrom(answer: unknown, query: TrendQuery, provider: TrendAnalysisValue['aiProvider'], at: Date): TrendAnalysisValue {
  const candidate = {
    industry: query.industry,
    region: query.region,
    season: query.season,
    ...Object.fromEntries(TREND_LISTS.map((name) => [name, field(answer, name)])),
    generatedAt: at.toISOString(),
    aiProvider: provider,
  };
  const extra = Object.keys(typeof answer === 'object' && answer !== null ? answer : {}).filter((k) => !(TREND_LISTS as readonly string[]).includes(k));
  const problems = [...trendChecker.problems(candidate), ...extra.map((k) => `/${k}: not part of the answer schema`)];
  if (problems.length > 0 || !trendChecker.check(candidate)) throw new AnswerProblems(problems);
  return candidate;
}

function isBreakdownList(value: unknown): value is { item: unknown; amount: unknown }[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'object' && entry !== null && 'item' in entry && 'amount' in entry);
}

/** The model's plans mapped back to the contract's shape (breakdown list → record) and validated in full. */
export function recommendationsFrom(answer: unknown): RecommendationValue[] {
  const plans = field(answer, 'recommendations');
  if (!Array.isArray(plans)) throw new AnswerProblems(['/recommendations: expected an array']);
  const mapped: unknown[] = plans.map((plan: unknown) => {
    const cost = field(plan, 'estimatedCost');
    const breakdown = field(cost, 'breakdown');
    if (typeof plan !== 'object' || typeof cost !== 'object' || !isBreakdownList(breakdown)) return plan; // left as is: validation names it
    const record: Record<string, unknown> = {};
    for (const { item, amount } of breakdown) {
      const key = String(item);
      // A repeated item adds up rather than silently dropping an amount.
      record[key] = typeof record[key] === 'number' && typeof amount === 'number' ? record[key] + amount : amount;
    }
    return { ...plan, estimatedCost: { ...cost, breakdown: record } };
  });
  const problems = recommendationListProblems(mapped);
  const valid = mapped.filter((r): r is RecommendationValue => recommendationChecker.check(r));
  if (problems.length > 0 || valid.length !== mapped.length) throw new AnswerProblems(problems);
  return valid;
}

/** The inverse mapping, for fakes and tests: contract plans as the model would write them. */
export function toLlmPlansAnswer(recommendations: readonly RecommendationValue[]): LlmPlansAnswer {
  return {
    recommendations: recommendations.map((r) => ({
      ...r,
      estimatedCost: {
        min: r.estimatedCost.min,
        max: r.estimatedCost.max,
        breakdown: Object.entries(r.estimatedCost.breakdown).map(([item, amount]) => ({ item, amount })),
      },
    })),
  };
}

/** The inverse mapping for trends: the lists only. */
export function toLlmTrendAnswer(trend: TrendAnalysisValue): LlmTrendAnswer {
  return { industryTrends: trend.industryTrends, regionalTrends: trend.regionalTrends, seasonalTrends: trend.seasonalTrends };
}
