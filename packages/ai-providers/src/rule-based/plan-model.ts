// The RULE_BASED scoring and cost model: what a request is (industry, region,
// season, objective profiles), which mechanics suit it, what each option costs
// and what it should bring. Numbers only; the Korean copy lives in copy.ts.
import type { JobRequest, MechanicsType, Recommendation, Trend, TrendAnalysis } from '@aisvc/contracts';
import { industryOf, objectiveOf, regionOf, seasonProfileOf, storeSizeFactor, type RegionMatch } from './classify.js';
import { CHANNEL_COST_ITEMS, MECHANICS, type IndustryProfile, type ObjectiveProfile, type SeasonProfile } from './knowledge.js';
import { clamp, clip, fnv1a, round1 } from './text.js';

export type Tier = 0 | 1 | 2;
export const TIERS: readonly Tier[] = [0, 1, 2];

export interface CostRange {
  min: number;
  max: number;
}

/** Everything the text builders need about one request. */
export interface Context {
  readonly request: JobRequest;
  readonly industry: IndustryProfile;
  readonly region: RegionMatch;
  readonly season: SeasonProfile;
  readonly objective: ObjectiveProfile;
  readonly seed: string;
  /** Store name, or "우리 {industry}" when none is given. */
  readonly brand: string;
  readonly storeName: string | undefined;
  readonly tag: string;
  readonly keywords: { readonly industry: string; readonly region: string; readonly season: string };
  readonly monthlyRevenue: number;
}


export function contextOf(request: JobRequest, trends: TrendAnalysis): Context {
  const industry = industryOf(request.industry);
  const storeName = request.storeInfo?.storeName?.trim() || undefined;
  const region = regionOf(request.region);
  const monthly = request.storeInfo?.monthlyRevenue;
  const top = (list: readonly Trend[] | undefined, fallback: string) => {
    const best = [...(list ?? [])].sort((a, b) => b.relevance - a.relevance)[0];
    return best ? clip(best.keyword, 30) : fallback;
  };
  const season = seasonProfileOf(request.season);
  return {
    request,
    industry,
    region,
    season,
    objective: objectiveOf(request.objective),
    seed: [request.industry, request.region, request.season, request.objective, request.eventId].join('\u0001'),
    brand: storeName ?? `우리 ${request.industry.trim()}`,
    storeName,
    tag: clip((storeName ?? `${region.shortName}${request.industry}`).replace(/[^\p{L}\p{N}_]/gu, ''), 30) || '우리가게',
    keywords: {
      industry: top(trends.industryTrends, industry.trends[0]?.keyword ?? industry.label),
      region: top(trends.regionalTrends, region.area.label),
      season: top(trends.seasonalTrends, season.hook),
    },
    monthlyRevenue:
      monthly !== undefined && monthly > 0 ? monthly : industry.typicalMonthlyRevenue * storeSizeFactor(request.storeInfo?.storeSize),
  };
}

/**
 * Three different mechanics from the objective's top four (its favourite always
 * stays; the hash drops one of the others), cheapest first so they suit the
 * low → high budget options.
 */
export function chooseMechanics(ctx: Context): [MechanicsType, MechanicsType, MechanicsType] {
  const preferred = ctx.objective.mechanics.slice(0, 4);
  const drop = 1 + (fnv1a(`${ctx.seed}\u0001mechanics`) % 3);
  const chosen = preferred
    .filter((_, i) => i !== drop)
    .map((type, rank) => ({ type, rank }))
    .sort((a, b) => MECHANICS[a.type].costRank - MECHANICS[b.type].costRank || a.rank - b.rank)
    .map((m) => m.type);
  const [low, medium, high] = chosen;
  if (!low || !medium || !high) throw new Error(`objective ${ctx.objective.id} prefers fewer than four mechanics`);
  return [low, medium, high];
}

// Revenue used for scaling is kept within small-business bounds.
const MIN_SCALING_REVENUE = 3_000_000;
const MAX_SCALING_REVENUE = 300_000_000;
/** Spend from 1 % (low option's minimum) to 5 % (high option's maximum) of monthly revenue. */
const SPEND_SHARE = { low: 0.01, high: 0.05 } as const;
/** Where the options meet inside the spend range. */
const TIER_CUTS = [0, 0.3, 0.65, 1] as const;

/**
 * The three cost ranges: a spend window from monthly revenue, slid into the
 * store's budget when one is given (and narrowed to it when the budget is
 * narrower), then cut into three adjoining, rounded pieces.
 */
export function costTiers(ctx: Context): { tiers: [CostRange, CostRange, CostRange]; unit: number } {
  const scaling = clamp(ctx.monthlyRevenue, MIN_SCALING_REVENUE, MAX_SCALING_REVENUE);
  let from = scaling * SPEND_SHARE.low;
  let to = scaling * SPEND_SHARE.high;
  let floor = 0;
  let ceiling = Number.POSITIVE_INFINITY;

  const budget = ctx.request.storeInfo?.budget;
  if (budget) {
    floor = Math.min(budget.min, budget.max);
    ceiling = Math.max(budget.min, budget.max);
    const span = Math.min(to - from, ceiling - floor);
    from = clamp(from, floor, ceiling - span);
    to = from + span;
  }

  const width = to - from;
  const unit = width >= 10_000_000 ? 100_000 : width >= 200_000 ? 10_000 : width >= 20_000 ? 1_000 : width >= 2_000 ? 100 : 1;
  // Rounding and clamping are both monotonic, so the cuts stay ordered and inside the budget.
  const [a, b, c, d] = TIER_CUTS.map((cut) => clamp(Math.round((from + cut * width) / unit) * unit, floor, ceiling)) as [
    number,
    number,
    number,
    number,
  ];
  return { tiers: [{ min: a, max: b }, { min: b, max: c }, { min: c, max: d }], unit };
}

const CHANNELS_PER_TIER = [2, 3, 4] as const;

/** The mechanic's own channel first, then the objective's, the industry's and the area's in turn. */
export function channelsFor(ctx: Context, type: MechanicsType, tier: Tier): string[] {
  const sources = [ctx.objective.channels, ctx.industry.channels, ctx.region.area.channels];
  const ordered = [MECHANICS[type].channel];
  const longest = Math.max(...sources.map((s) => s.length));
  for (let i = 0; i < longest; i += 1) for (const source of sources) if (source[i]) ordered.push(source[i] ?? '');
  return [...new Set(ordered)].slice(0, CHANNELS_PER_TIER[tier]);
}

/** Item → KRW summing exactly to `total`: the benefit itself, each channel, and a reserve above the low option. */
export function breakdownOf(type: MechanicsType, tier: Tier, channels: readonly string[], total: number, unit: number): Record<string, number> {
  const reserve = tier === 0 ? 0 : 0.1;
  const benefit = tier === 0 ? 0.55 : 0.5;
  const perChannel = (1 - benefit - reserve) / channels.length;
  const share = (fraction: number) => Math.floor((total * fraction) / unit) * unit;
  const items: [string, number][] = channels.map((c) => [CHANNEL_COST_ITEMS[c] ?? `${c} 홍보`, share(perChannel)]);
  if (reserve > 0) items.push(['운영 예비비', share(reserve)]);
  const rest = total - items.reduce((sum, [, amount]) => sum + amount, 0);
  return Object.fromEntries([[MECHANICS[type].costItem, rest], ...items]);
}

const BASE_NEW_CUSTOMERS = [
  [3, 8],
  [5, 12],
  [8, 20],
] as const;
/** More channels and richer benefits convert a little better per won. */
const EFFICIENCY = [0.9, 1, 1.15] as const;
const VISITS_PER_NEW_CUSTOMER = 1.5;
const GROSS_MARGIN = 0.4;

/**
 * New customers from spend ÷ the industry's cost per new customer; revenue from
 * those customers' visits; ROI from gross margin against the midpoint spend.
 */
export function metricsOf(ctx: Context, tier: Tier, cost: CostRange): Recommendation['expectedMetrics'] {
  const { newCustomers: reach, revenue: lift } = ctx.objective.metrics;
  const perWon = (EFFICIENCY[tier] * reach) / ctx.industry.costPerNewCustomer;
  // Word of mouth brings a few customers even without spend; fewer where each one costs more.
  const organic = reach * clamp(10_000 / ctx.industry.costPerNewCustomer, 0.1, 1);
  const [baseMin, baseMax] = BASE_NEW_CUSTOMERS[tier];
  const newMin = Math.floor(baseMin * organic + cost.min * perWon * 0.6);
  const newMax = Math.max(newMin, Math.ceil(baseMax * organic + cost.max * perWon));

  const perCustomer = ctx.industry.avgTicket * VISITS_PER_NEW_CUSTOMER * lift;
  const revenue = Math.max(ctx.monthlyRevenue, 1_000_000);
  const increase = (customers: number) => round1(clamp(((customers * perCustomer) / revenue) * 100, 0.5, 60));
  const spend = Math.max((cost.min + cost.max) / 2, 10_000);
  const roi = (customers: number) => Math.round(clamp(((customers * perCustomer * GROSS_MARGIN - spend) / spend) * 100, -50, 500));
  return {
    newCustomers: { min: newMin, max: newMax },
    revenueIncrease: { min: increase(newMin), max: increase(newMax) },
    roi: { min: roi(newMin), max: roi(newMax) },
  };
}
