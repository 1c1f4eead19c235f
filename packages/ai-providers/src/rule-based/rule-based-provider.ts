// The built-in RULE_BASED provider: deterministic, offline event plans from the
// knowledge tables. Same input → same output (only `generatedAt` reads the clock).
import { ZERO_USAGE, type MechanicsType, type ProviderCall, type Recommendation, type Trend, type TrendAnalysis } from '@aisvc/contracts';
import type { AiProvider, ProviderAnswer, RecommendationQuery, TrendQuery } from '../provider.js';
import { industryOf, regionOf, seasonProfileOf } from './classify.js';
import { MECHANICS, type TrendSeed } from './knowledge.js';
import { audienceOf, conceptOf, descriptionOf, detailsOf, differentiatorOf, periodOf, titleOf } from './copy.js';
import { breakdownOf, channelsFor, chooseMechanics, contextOf, costTiers, metricsOf, TIERS, type Context, type CostRange, type Tier } from './plan-model.js';
import { clamp, clip, fill, fnv1a, round2 } from './text.js';

export interface RuleBasedProviderOptions {
  /** Clock for `generatedAt`; tests pass a fixed one. */
  now?: () => Date;
}

/** Stands for "the model" in call records: the generator's own version. */
export const RULE_BASED_MODEL = 'rule-based-v1';

/**
 * Never fails and costs nothing: the last link of every fallback chain. It
 * ignores the deadline (it answers in well under a millisecond) so a job whose
 * time is up still ends with three plans.
 */
export function createRuleBasedProvider(options: RuleBasedProviderOptions = {}): AiProvider {
  const now = options.now ?? (() => new Date());
  const answer = <T>(purpose: ProviderCall['purpose'], make: () => T): Promise<ProviderAnswer<T>> =>
    Promise.resolve().then(() => {
      const started = performance.now();
      const value = make();
      return {
        value,
        call: {
          purpose,
          provider: 'RULE_BASED',
          model: RULE_BASED_MODEL,
          promptVersion: RULE_BASED_MODEL,
          usage: { ...ZERO_USAGE },
          costUsd: 0,
          ms: Math.round(performance.now() - started),
        },
      };
    });
  return {
    name: 'RULE_BASED',
    model: RULE_BASED_MODEL,
    analyseTrends: (query) => answer('TREND_ANALYSIS', () => analyseTrends(query, now())),
    generateRecommendations: (query) => answer('RECOMMENDATIONS', () => generateRecommendations(query)),
  };
}

// ------------------------------------------------------------ trend analysis

const TRENDS_PER_LIST = 5;

export function analyseTrends(query: TrendQuery, at: Date): TrendAnalysis {
  const industry = industryOf(query.industry);
  const region = regionOf(query.region);
  const season = seasonProfileOf(query.season);
  const vars = { industry: query.industry.trim(), region: query.region.trim() };
  const seed = [query.industry, query.region, query.season].join('\u0001');

  const personalise = (seeds: readonly TrendSeed[]): Trend[] =>
    seeds
      .map((s) => ({
        keyword: clip(s.keyword, 100),
        // A small stable nudge so different places do not share identical scores.
        relevance: round2(clamp(s.relevance + ((fnv1a(`${seed}\u0001${s.keyword}`) % 9) - 4) / 100, 0.05, 0.99)),
        description: clip(fill(s.description, vars), 500),
      }))
      .sort((a, b) => b.relevance - a.relevance)
      .slice(0, TRENDS_PER_LIST);

  const seasonal = season.id === 'NEUTRAL' ? season.trends : [industry.seasonal[season.id], ...season.trends];
  return {
    industry: query.industry,
    region: query.region,
    season: query.season,
    industryTrends: personalise(industry.trends),
    regionalTrends: personalise([...(region.known?.trends ?? []), ...region.area.trends]),
    seasonalTrends: personalise(seasonal),
    generatedAt: at.toISOString(),
    aiProvider: 'RULE_BASED',
  };
}

// ----------------------------------------------------------- recommendations

export function generateRecommendations({ request, trendAnalysis }: RecommendationQuery): Recommendation[] {
  const ctx = contextOf(request, trendAnalysis);
  const mechanics = chooseMechanics(ctx);
  const { tiers, unit } = costTiers(ctx);
  return TIERS.map((tier) => buildOption(ctx, tier, mechanics[tier], tiers[tier], unit));
}

function buildOption(ctx: Context, tier: Tier, type: MechanicsType, cost: CostRange, unit: number): Recommendation {
  const mechanic = MECHANICS[type];
  const days = mechanic.days[tier];
  const channels = channelsFor(ctx, type, tier);
  return {
    optionNumber: tier + 1,
    concept: clip(conceptOf(ctx, tier, mechanic.label), 100),
    title: clip(titleOf(ctx, tier, type), 200),
    description: clip(descriptionOf(ctx, tier, type, channels), 2000),
    targetAudience: clip(audienceOf(ctx), 300),
    duration: { recommendedDays: days, recommendedPeriod: clip(periodOf(ctx.request.requestedAt, days, type === 'EXPERIENCE'), 200) },
    mechanics: { type, details: clip(detailsOf(ctx, tier, type, days, channels), 1000) },
    promotionChannels: channels,
    estimatedCost: { min: cost.min, max: cost.max, breakdown: breakdownOf(type, tier, channels, cost.max, unit) },
    expectedMetrics: metricsOf(ctx, tier, cost),
    differentiator: clip(differentiatorOf(ctx, tier, type), 1000),
  };
}
