// The built-in RULE_BASED provider: deterministic, offline event plans from the
// knowledge tables. Same input → same output (only `generatedAt` reads the clock).
import type { JobRequest, MechanicsType, Recommendation, Trend, TrendAnalysis } from '@aisvc/contracts';
import type { AiProvider, RecommendationQuery, TrendQuery } from '../provider.js';
import { industryOf, objectiveOf, regionOf, seasonProfileOf, storeSizeFactor, type RegionMatch } from './classify.js';
import {
  CHANNEL_COST_ITEMS,
  MECHANICS,
  type IndustryProfile,
  type ObjectiveProfile,
  type SeasonProfile,
  type TrendSeed,
} from './knowledge.js';
import { clamp, clip, fill, fnv1a, formatKrw, josa, pick, round1, round2 } from './text.js';

export interface RuleBasedProviderOptions {
  /** Clock for `generatedAt`; tests pass a fixed one. */
  now?: () => Date;
}

export function createRuleBasedProvider(options: RuleBasedProviderOptions = {}): AiProvider {
  const now = options.now ?? (() => new Date());
  return {
    name: 'RULE_BASED',
    analyseTrends: (query, signal) =>
      Promise.resolve().then(() => {
        signal?.throwIfAborted();
        return analyseTrends(query, now());
      }),
    generateRecommendations: (query, signal) =>
      Promise.resolve().then(() => {
        signal?.throwIfAborted();
        return generateRecommendations(query);
      }),
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

type Tier = 0 | 1 | 2;
const TIERS: readonly Tier[] = [0, 1, 2];

interface CostRange {
  min: number;
  max: number;
}

/** Everything the text builders need about one request. */
interface Context {
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

export function generateRecommendations({ request, trendAnalysis }: RecommendationQuery): Recommendation[] {
  const ctx = contextOf(request, trendAnalysis);
  const mechanics = chooseMechanics(ctx);
  const { tiers, unit } = costTiers(ctx);
  return TIERS.map((tier) => buildOption(ctx, tier, mechanics[tier], tiers[tier], unit));
}

function contextOf(request: JobRequest, trends: TrendAnalysis): Context {
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
function chooseMechanics(ctx: Context): [MechanicsType, MechanicsType, MechanicsType] {
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
function costTiers(ctx: Context): { tiers: [CostRange, CostRange, CostRange]; unit: number } {
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

const CHANNELS_PER_TIER = [2, 3, 4] as const;

/** The mechanic's own channel first, then the objective's, the industry's and the area's in turn. */
function channelsFor(ctx: Context, type: MechanicsType, tier: Tier): string[] {
  const sources = [ctx.objective.channels, ctx.industry.channels, ctx.region.area.channels];
  const ordered = [MECHANICS[type].channel];
  const longest = Math.max(...sources.map((s) => s.length));
  for (let i = 0; i < longest; i += 1) for (const source of sources) if (source[i]) ordered.push(source[i] ?? '');
  return [...new Set(ordered)].slice(0, CHANNELS_PER_TIER[tier]);
}

/** Item → KRW summing exactly to `total`: the benefit itself, each channel, and a reserve above the low option. */
function breakdownOf(type: MechanicsType, tier: Tier, channels: readonly string[], total: number, unit: number): Record<string, number> {
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
function metricsOf(ctx: Context, tier: Tier, cost: CostRange): Recommendation['expectedMetrics'] {
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

// ---------------------------------------------------------------------- text

const TIER_NOTES = [
  '적은 비용으로 빠르게 시작해 반응을 확인하는 실속형 안입니다.',
  '홍보 채널을 넓혀 효과와 비용의 균형을 맞춘 표준형 안입니다.',
  '혜택과 홍보를 모두 키워 짧은 기간에 확실한 성과를 노리는 집중형 안입니다.',
] as const;

function seasonWord(ctx: Context): string {
  return ctx.season.id === 'NEUTRAL' ? '이번 시즌' : `${ctx.season.id} 시즌`;
}

function titleOf(ctx: Context, tier: Tier, type: MechanicsType): string {
  const template = pick(MECHANICS[type].titles, `${ctx.seed}\u0001title\u0001${tier}`) ?? '{hook} 이벤트';
  const body = fill(template, {
    hook: ctx.objective.hook,
    gift: ctx.industry.gift,
    smallReward: ctx.industry.smallReward,
    experience: ctx.industry.experience,
    tag: ctx.tag,
  });
  const prefix = ctx.storeName ? `[${ctx.storeName}]` : `${ctx.region.shortName} ${ctx.request.industry.trim()}`;
  return `${prefix} ${ctx.season.hook} ${body}`;
}

/** Each option leans on a different trend: industry, season, region. */
function conceptOf(ctx: Context, tier: Tier, label: string): string {
  const { industry, season, region } = ctx.keywords;
  const lead = [`'${industry}' 트렌드를 살린`, `${seasonWord(ctx)} '${season}' 맞춤`, `${ctx.region.shortName} '${region}' 맞춤`][tier];
  return `${lead} ${josa(label, '으로')} ${ctx.objective.goal}`;
}

function descriptionOf(ctx: Context, tier: Tier, type: MechanicsType, channels: readonly string[]): string {
  const { industry, season, region } = ctx.keywords;
  const intro =
    `${josa(ctx.request.region.trim(), '의')} '${region}' 흐름과 ${ctx.industry.label} 업계의 '${industry}' 트렌드, ` +
    `${seasonWord(ctx)} '${season}' 수요를 함께 겨냥한 ${eventName(MECHANICS[type].label)}입니다.`;
  const goal = `목표는 ${ctx.objective.label}이며, ${focusOf(ctx)} 데 초점을 둡니다.`;
  const promotion = `${josa(channels.join('·'), '으로')} 알리고, ${TIER_NOTES[tier]}`;
  return [intro, goal, promotion].join(' ');
}

function eventName(label: string): string {
  return label.endsWith('이벤트') ? label : `${label} 이벤트`;
}

function focusOf(ctx: Context): string {
  const { brand, industry } = ctx;
  const audience = ctx.region.area.audience;
  switch (ctx.objective.id) {
    case 'NEW_CUSTOMERS':
      return `${josa(brand, '을')} ${audience}에게 처음 알리고 첫 방문으로 이어지게 하는`;
    case 'REVISIT':
      return `한 번 방문한 ${josa(industry.customer, '이')} 다시 찾아올 이유를 만들어 단골로 만드는`;
    case 'SALES':
      return '방문당 결제 금액과 방문 빈도를 함께 높이는';
    case 'AWARENESS':
      return `${josa(brand, '을')} ${audience}에게 널리 알리고 검색·SNS 노출을 늘리는`;
    case 'BALANCED':
      return `새로운 ${industry.customer}의 방문과 기존 ${industry.customer}의 재방문을 함께 늘리는`;
  }
}

function audienceOf(ctx: Context): string {
  const { audience } = ctx.region.area;
  const customer = ctx.industry.customer;
  switch (ctx.objective.id) {
    case 'NEW_CUSTOMERS':
      return `${audience} 중 아직 ${josa(ctx.brand, '을')} 방문하지 않은 잠재 고객`;
    case 'REVISIT':
      return `최근 1~3개월 안에 방문한 기존 ${josa(customer, '과')} ${audience}`;
    case 'SALES':
      return `${audience} 중 2인 이상 방문하거나 추가 구매 가능성이 높은 ${customer}`;
    case 'AWARENESS':
      return `SNS 활동이 활발한 20~30대와 ${audience}`;
    case 'BALANCED':
      return `${josa(audience, '와')} 기존 ${customer}`;
  }
}

const DISCOUNT_PERCENT = [10, 15, 20] as const;
const STAMPS_NEEDED = [10, 8, 6] as const;
const GIFT_QUANTITY = [30, 50, 100] as const;
const SNS_WINNERS = [3, 5, 10] as const;
const SEATS_PER_SESSION = [6, 8, 12] as const;
const SPEND_MULTIPLE = [1.5, 2, 3] as const;

function detailsOf(ctx: Context, tier: Tier, type: MechanicsType, days: number, channels: readonly string[]): string {
  const { industry, objective } = ctx;
  const step = industry.avgTicket * SPEND_MULTIPLE[tier] >= 10_000 ? 5_000 : 1_000;
  const threshold = formatKrw(Math.max(step, Math.round((industry.avgTicket * SPEND_MULTIPLE[tier]) / step) * step));
  const customer = industry.customer;
  switch (type) {
    case 'COUPON': {
      const who = {
        NEW_CUSTOMERS: `첫 방문 ${customer}`,
        REVISIT: `다시 방문한 ${customer}`,
        SALES: `2인 이상 방문하거나 ${threshold} 이상 결제한 ${customer}`,
        AWARENESS: `카카오톡 채널을 추가한 ${customer}`,
        BALANCED: `방문 ${customer}`,
      }[objective.id];
      return (
        `${who}에게 ${industry.hero} ${DISCOUNT_PERCENT[tier]}% 할인 쿠폰(1인 1매)을 드립니다. ` +
        `네이버 플레이스 저장이나 카카오톡 채널 추가 후 바로 받을 수 있고, 사용 기간은 이벤트 기간(${days}일)과 같습니다.`
      );
    }
    case 'DISCOUNT':
      return (
        `${josa(industry.discountScope, '을')} ${DISCOUNT_PERCENT[tier]}% 할인합니다. ` +
        '할인 조건은 매장 POP와 네이버 플레이스 소식으로 미리 알리고, 1인 1회로 제한해 비용을 관리합니다.'
      );
    case 'GIFT':
      return (
        `이벤트 기간 ${threshold} 이상 결제한 ${customer}에게 ${josa(industry.gift, '을')} 드립니다(선착순 ${GIFT_QUANTITY[tier]}명, 1인 1회). ` +
        '증정품이 소진되면 카카오톡 채널과 매장 POP로 바로 안내합니다.'
      );
    case 'STAMP': {
      const reward = tier === 2 ? industry.bigReward : industry.smallReward;
      return (
        `방문 1회마다 카카오톡 채널 디지털 스탬프 1개를 적립하고, ${STAMPS_NEEDED[tier]}개를 모으면 ${josa(reward, '을')} 드립니다. ` +
        '이벤트 기간의 첫 적립 때 스탬프 1개를 더 드려 참여를 이끕니다.'
      );
    }
    case 'LOTTERY':
      return (
        `${threshold} 이상 결제한 ${customer}에게 즉석 추첨 기회를 드립니다. ` +
        `1등 ${industry.bigReward}, 2등 ${industry.gift}, 참가상 ${josa(industry.smallReward, '으로')} 구성하고, 경품 수량과 당첨 확률은 매장에 미리 게시합니다.`
      );
    case 'SNS_EVENT':
      return (
        `매장 방문 사진이나 영상을 인스타그램에 #${ctx.tag} 해시태그와 함께 올리면 ${josa(industry.smallReward, '을')} 드립니다. ` +
        `기간이 끝나면 참여 게시물 중 ${SNS_WINNERS[tier]}명을 골라 ${josa(industry.bigReward, '을')} 추가로 드립니다.`
      );
    case 'REVIEW_EVENT': {
      const where = channels.includes('배달앱') ? '네이버 플레이스·배달앱' : '네이버 플레이스';
      return (
        `${where} 리뷰를 남긴 ${customer}에게 ${josa(industry.smallReward, '을')} 드립니다. ` +
        '사진 리뷰에는 작은 혜택을 더하되, 평점이나 칭찬을 조건으로 하지 않아 솔직한 후기를 모읍니다.'
      );
    }
    case 'EXPERIENCE':
      return (
        `${josa(industry.experience, '을')} 주말 ${days / 2}회(토·일, 총 ${days}일) 운영합니다. ` +
        `회당 ${SEATS_PER_SESSION[tier]}명 사전 예약제로 진행하고, 참가자에게 ${josa(industry.gift, '과')} 다음 방문 때 쓸 수 있는 쿠폰을 드립니다.`
      );
  }
}

function differentiatorOf(ctx: Context, tier: Tier, type: MechanicsType): string {
  const { area, shortName } = ctx.region;
  const keyword = [ctx.keywords.industry, ctx.keywords.season, ctx.keywords.region][tier];
  return (
    `${MECHANICS[type].edge}, ${josa(shortName, '의')} ${area.label} 특성을 고려한 ${josa(area.edge, '이')} 강점입니다. ` +
    `'${keyword}' 흐름을 반영해 ${ctx.brand}만의 ${seasonWord(ctx)} 이벤트로 기억되게 합니다.`
  );
}

// ------------------------------------------------------------------ duration

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const PREPARATION_DAYS = 7;

/**
 * Dates from `requestedAt` (in KST) after a week of preparation; without it, a
 * relative description, so the plan never depends on when it was generated.
 */
function periodOf(requestedAt: string | undefined, days: number, weekends: boolean): string {
  const requested = requestedAt ? new Date(requestedAt) : undefined;
  if (!requested || Number.isNaN(requested.getTime())) {
    if (weekends) return `요청일로부터 ${PREPARATION_DAYS}일 준비 후 주말 ${days / 2}회 (${days}일)`;
    const span = days % 7 === 0 ? `${days / 7}주` : `${days}일`;
    return `요청일로부터 ${PREPARATION_DAYS}일 준비 후 ${span}간 진행 (${days}일)`;
  }
  // Shifted so the UTC getters read the KST calendar date.
  let start = new Date(Date.UTC(...kstYmd(requested)) + PREPARATION_DAYS * DAY_MS);
  if (weekends) {
    start = new Date(start.getTime() + ((6 - start.getUTCDay() + 7) % 7) * DAY_MS); // next Saturday
    const lastSunday = new Date(start.getTime() + ((days / 2 - 1) * 7 + 1) * DAY_MS);
    return `${dateRange(start, lastSunday)} 중 주말 ${days / 2}회 (${days}일)`;
  }
  return dateRange(start, new Date(start.getTime() + (days - 1) * DAY_MS));
}

function kstYmd(date: Date): [number, number, number] {
  const kst = new Date(date.getTime() + KST_OFFSET_MS);
  return [kst.getUTCFullYear(), kst.getUTCMonth(), kst.getUTCDate()];
}

function dateRange(from: Date, to: Date): string {
  const full = (d: Date) => `${d.getUTCFullYear()}년 ${d.getUTCMonth() + 1}월 ${d.getUTCDate()}일`;
  const end = from.getUTCFullYear() === to.getUTCFullYear() ? `${to.getUTCMonth() + 1}월 ${to.getUTCDate()}일` : full(to);
  return `${full(from)} ~ ${end}`;
}
