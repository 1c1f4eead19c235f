import { Type, type Static } from 'typebox';
import { compileSchema } from './validation.js';
import { AiProviderName } from './ai-provider.js';
import { TrendAnalysis } from './trend.js';
import { GenerationReport } from './usage.js';

export const MECHANICS_TYPES = [
  'DISCOUNT',
  'COUPON',
  'GIFT',
  'STAMP',
  'LOTTERY',
  'SNS_EVENT',
  'REVIEW_EVENT',
  'EXPERIENCE',
] as const;
export const MechanicsType = Type.Enum(MECHANICS_TYPES);
export type MechanicsType = (typeof MECHANICS_TYPES)[number];

export const KrwAmount = Type.Integer({ minimum: 0, description: 'Integer KRW.' });
const IntRange = Type.Object({ min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 0 }) });
const PercentRange = Type.Object(
  { min: Type.Number(), max: Type.Number() },
  { description: 'Percentages, e.g. 15 means 15 %.' },
);
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const Recommendation = Type.Object(
  {
    optionNumber: Type.Integer({ minimum: 1, maximum: 3, description: '1 = low budget, 2 = medium, 3 = high.' }),
    concept: Text(100),
    title: Text(200),
    description: Text(2000),
    targetAudience: Text(300),
    duration: Type.Object({
      recommendedDays: Type.Integer({ minimum: 1, maximum: 365 }),
      recommendedPeriod: Text(200),
    }),
    mechanics: Type.Object({ type: MechanicsType, details: Text(1000) }),
    promotionChannels: Type.Array(Text(100), { minItems: 1, maxItems: 10 }),
    estimatedCost: Type.Object({
      min: KrwAmount,
      max: KrwAmount,
      breakdown: Type.Record(Type.String(), KrwAmount),
    }),
    expectedMetrics: Type.Object({
      newCustomers: IntRange,
      revenueIncrease: PercentRange,
      roi: PercentRange,
    }),
    differentiator: Text(1000),
  });
export type Recommendation = Static<typeof Recommendation>;

/** Value of `ai:recommendation:{eventId}`. */
export const AIRecommendationResult = Type.Object(
  {
    eventId: Type.String(),
    jobId: Type.String(),
    trendAnalysis: TrendAnalysis,
    recommendations: Type.Array(Recommendation, { minItems: 3, maxItems: 3 }),
    generatedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    aiProvider: AiProviderName,
    /** Added with the LLM providers; absent in older records, so readers of the original shape are unaffected. */
    generation: Type.Optional(GenerationReport),
  });
export type AIRecommendationResult = Static<typeof AIRecommendationResult>;

/**
 * Rules JSON Schema cannot express: options 1..3 in order of budget, every
 * min ≤ max. Returns readable problems; empty when the plans are consistent.
 * LLM output is checked with this too, so an inconsistent answer is retried.
 */
export function recommendationProblems(recommendations: readonly Recommendation[]): string[] {
  const problems: string[] = [];
  recommendations.forEach((r, i) => {
    const at = `/recommendations/${i}`;
    if (r.optionNumber !== i + 1) problems.push(`${at}/optionNumber: expected ${i + 1}, got ${r.optionNumber}`);
    if (r.estimatedCost.min > r.estimatedCost.max) problems.push(`${at}/estimatedCost: min > max`);
    for (const [name, range] of Object.entries(r.expectedMetrics)) {
      if (range.min > range.max) problems.push(`${at}/expectedMetrics/${name}: min > max`);
    }
    const previous = recommendations[i - 1];
    if (previous && previous.estimatedCost.max > r.estimatedCost.max) {
      problems.push(`${at}/estimatedCost: option ${r.optionNumber} must not cost less than option ${previous.optionNumber}`);
    }
  });
  return problems;
}

const recommendationChecker = compileSchema(Recommendation);

/**
 * Everything wrong with a provider's list of plans: exactly three, each valid
 * against the schema, then the cross-plan rules (only for plans that passed the
 * schema, since those rules assume the shape). Empty when the list is usable.
 */
export function recommendationListProblems(recommendations: unknown): string[] {
  if (!Array.isArray(recommendations)) return ['expected an array of recommendations'];
  const items: unknown[] = recommendations;
  const shapeProblems = [
    ...(items.length === 3 ? [] : [`expected 3 recommendations, got ${items.length}`]),
    ...items.flatMap((r, i) => recommendationChecker.problems(r).map((p) => `/recommendations/${i}${p}`)),
  ];
  if (shapeProblems.length > 0 || !items.every((r): r is Recommendation => recommendationChecker.check(r))) return shapeProblems;
  return recommendationProblems(items);
}
