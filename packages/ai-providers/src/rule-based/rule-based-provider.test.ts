import { describe, expect, it } from 'vitest';
import {
  MECHANICS_TYPES,
  Recommendation,
  TrendAnalysis,
  compileSchema,
  recommendationProblems,
  type JobRequest,
  type StoreInfo,
} from '@aisvc/contracts';
import { createRuleBasedProvider } from '../index.js';
import { industryOf, objectiveOf, regionOf, seasonProfileOf, storeSizeFactor } from './classify.js';
import { clip, fnv1a, josa } from './text.js';

const recommendationChecker = compileSchema(Recommendation);
const trendChecker = compileSchema(TrendAnalysis);
const HANGUL = /[가-힣]/;
const FIXED_NOW = new Date('2026-11-24T00:00:00.000Z');

const INDUSTRIES = ['음식점', '한식', '중식당', '치킨', '삼겹살 고기집', '카페', '베이커리', '디저트 카페', '주점', '와인 바', '이자카야', '미용실', '네일샵', '헬스', '필라테스', '요가', '학원', '영어 교습소', '의류', '소품샵', '편의점', '반려동물 용품점', 'X'];
const REGIONS = ['강남구', '서울 성동구', '마포구', '종로구', '송파구', '영등포구', '관악구', '부산 해운대구', '대구', '인천', '대전', '광주광역시', '제주', '서울 노원구', '수원시', '울릉군', 'Seoul'];
const SEASONS = ['봄', '여름', '가을', '겨울', '장마철', 'xyz'];
const OBJECTIVES = ['신규 고객 유치', '재방문 유도', '매출 증대', '인지도 향상', '신규 손님 늘리기', '단골 만들기', 'free text'];
const STORE_INFOS: (StoreInfo | undefined)[] = [
  undefined,
  { storeName: '맛있는 식당', storeSize: '중형', monthlyRevenue: 30_000_000, budget: { min: 500_000, max: 3_000_000 } },
  { budget: { min: 0, max: 50_000 } },
  { storeSize: '소형' },
  { storeName: 'Cafe Lumen (성수점)', monthlyRevenue: 5_000_000_000 },
  { monthlyRevenue: 0, budget: { min: 123_457, max: 123_457 } },
  { storeSize: '45평', budget: { min: 5_000_000, max: 10_000_000 } },
  { budget: { min: 0, max: 0 } },
];

function requestOf(over: Partial<JobRequest> = {}): JobRequest {
  return { jobId: 'JOB-1', eventId: 'EVT-1001', objective: '신규 고객 유치', industry: '음식점', region: '강남구', season: '겨울', ...over };
}

async function plan(request: JobRequest, now: () => Date = () => FIXED_NOW) {
  const provider = createRuleBasedProvider({ now });
  const trendAnalysis = (await provider.analyseTrends({ industry: request.industry, region: request.region, season: request.season })).value;
  const recommendations = (await provider.generateRecommendations({ request, trendAnalysis })).value;
  return { trendAnalysis, recommendations };
}

/** Every invariant a plan must keep; returns readable failures so one grid run reports them all. */
function planProblems(request: JobRequest, trends: TrendAnalysis, recs: Recommendation[]): string[] {
  const problems: string[] = [];
  const say = (text: string) => problems.push(`${request.industry}/${request.region}/${request.season}/${request.objective}: ${text}`);
  trendChecker.problems(trends).forEach(say);
  for (const list of [trends.industryTrends, trends.regionalTrends, trends.seasonalTrends]) {
    if (list.length < 3 || list.length > 5) say(`trend list has ${list.length} entries`);
    for (const t of list) {
      if (Math.round(t.relevance * 100) / 100 !== t.relevance) say(`relevance ${t.relevance} not rounded`);
      if (!HANGUL.test(t.description)) say(`trend description not Korean: ${t.description}`);
    }
  }
  if (trends.aiProvider !== 'RULE_BASED') say('trend aiProvider');
  if (recs.length !== 3) say(`expected 3 recommendations, got ${recs.length}`);
  recs.forEach((r) => recommendationChecker.problems(r).forEach(say));
  recommendationProblems(recs).forEach(say);
  if (new Set(recs.map((r) => r.mechanics.type)).size !== 3) say('mechanics types repeat');

  const budget = request.storeInfo?.budget;
  recs.forEach((r, i) => {
    const { min, max, breakdown } = r.estimatedCost;
    const sum = Object.values(breakdown).reduce((a, b) => a + b, 0);
    if (sum < min || sum > max) say(`option ${i + 1}: breakdown sum ${sum} outside [${min}, ${max}]`);
    if (Object.keys(breakdown).length === 0) say(`option ${i + 1}: empty breakdown`);
    if (budget && (min < budget.min || max > budget.max)) say(`option ${i + 1}: [${min}, ${max}] outside budget`);
    if (!budget && (min % 10_000 !== 0 || max % 10_000 !== 0)) say(`option ${i + 1}: costs not rounded to 10,000`);
    if (r.promotionChannels.length < 2 || r.promotionChannels.length > 5) say(`option ${i + 1}: ${r.promotionChannels.length} channels`);
    if (new Set(r.promotionChannels).size !== r.promotionChannels.length) say(`option ${i + 1}: duplicate channels`);
    for (const text of [r.title, r.concept, r.description, r.targetAudience, r.mechanics.details, r.differentiator, r.duration.recommendedPeriod]) {
      if (!HANGUL.test(text)) say(`option ${i + 1}: not Korean: ${text}`);
      if (/undefined|NaN|\{\w+\}/.test(text)) say(`option ${i + 1}: unfilled text: ${text}`);
    }
    if (!Number.isInteger(r.expectedMetrics.newCustomers.min)) say(`option ${i + 1}: newCustomers not integer`);
    const previous = recs[i - 1];
    if (previous) {
      if (previous.estimatedCost.min > min) say(`option ${i + 1}: min cost below option ${i}`);
      if (previous.expectedMetrics.newCustomers.max > r.expectedMetrics.newCustomers.max) say(`option ${i + 1}: fewer new customers`);
      if (previous.expectedMetrics.revenueIncrease.max > r.expectedMetrics.revenueIncrease.max) say(`option ${i + 1}: smaller revenue increase`);
    }
  });
  const storeName = request.storeInfo?.storeName;
  if (storeName && !recs.every((r) => r.title.includes(storeName))) say('title does not name the store');
  return problems;
}

describe('RULE_BASED provider over a grid of inputs', () => {
  it('is schema-valid and invariant-clean for every industry × region × season (objectives and store infos rotating)', async () => {
    const problems: string[] = [];
    let cases = 0;
    for (const [i, industry] of INDUSTRIES.entries()) {
      for (const [j, region] of REGIONS.entries()) {
        for (const [k, season] of SEASONS.entries()) {
          const n = i + j + k;
          const request = requestOf({
            industry,
            region,
            season,
            objective: OBJECTIVES[n % OBJECTIVES.length] ?? '',
            storeInfo: STORE_INFOS[(i * 3 + j + k) % STORE_INFOS.length],
            eventId: `EVT-${n}`,
            ...(n % 2 === 0 ? { requestedAt: '2026-11-24T09:00:00+09:00' } : {}),
          });
          const { trendAnalysis, recommendations } = await plan(request);
          problems.push(...planProblems(request, trendAnalysis, recommendations));
          cases += 1;
        }
      }
    }
    expect(cases).toBe(INDUSTRIES.length * REGIONS.length * SEASONS.length);
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('is invariant-clean for every objective with and without store info', async () => {
    const problems: string[] = [];
    for (const objective of OBJECTIVES) {
      for (const storeInfo of STORE_INFOS) {
        const request = requestOf({ objective, ...(storeInfo ? { storeInfo } : {}) });
        const { trendAnalysis, recommendations } = await plan(request);
        problems.push(...planProblems(request, trendAnalysis, recommendations));
      }
    }
    expect(problems).toEqual([]);
  });

  it('the invariant checker itself catches a broken plan', async () => {
    const request = requestOf();
    const { trendAnalysis, recommendations } = await plan(request);
    const [first, second, third] = recommendations;
    if (!first || !second || !third) throw new Error('expected three plans');
    const broken = [{ ...first, estimatedCost: { ...first.estimatedCost, max: third.estimatedCost.max + 1 } }, second, { ...third, mechanics: first.mechanics }];
    expect(planProblems(request, trendAnalysis, broken).length).toBeGreaterThan(0);
  });
});

describe('trend analysis', () => {
  it('mentions the industry and region, and falls back for unknown inputs', async () => {
    const { trendAnalysis } = await plan(requestOf({ industry: '반려동물 용품점', region: '울릉군', season: 'xyz' }));
    const text = JSON.stringify(trendAnalysis);
    expect(text).toContain('반려동물 용품점');
    expect(text).toContain('울릉군');
    expect(trendAnalysis.seasonalTrends.length).toBeGreaterThanOrEqual(3);
    expect(trendAnalysis.generatedAt).toBe(FIXED_NOW.toISOString());
  });

  it('brings Korean seasonal occasions for each season', async () => {
    const keywords = async (season: string) =>
      (await plan(requestOf({ season }))).trendAnalysis.seasonalTrends.map((t) => t.keyword).join(' ');
    expect(await keywords('봄')).toMatch(/벚꽃|가정의 달/);
    expect(await keywords('여름')).toMatch(/복날|장마/);
    expect(await keywords('가을')).toMatch(/추석/);
    expect(await keywords('겨울')).toMatch(/크리스마스|연말/);
  });

  it('is sorted by relevance and answers with a free call record, even after the deadline', async () => {
    const provider = createRuleBasedProvider();
    const { value: trends, call } = await provider.analyseTrends({ industry: '카페', region: '성동구', season: '봄' }, { deadline: Date.now() - 1 });
    expect(call).toMatchObject({ purpose: 'TREND_ANALYSIS', provider: 'RULE_BASED', model: 'rule-based-v1', costUsd: 0, usage: { inputTokens: 0, outputTokens: 0 } });
    const relevances = trends.industryTrends.map((t) => t.relevance);
    expect(relevances).toEqual([...relevances].sort((a, b) => b - a));
  });
});

describe('recommendations', () => {
  it('are deterministic: equal apart from generatedAt, and fully equal with a fixed clock', async () => {
    const request = requestOf({ storeInfo: { storeName: '맛있는 식당', monthlyRevenue: 30_000_000 } });
    const a = await plan(request, () => new Date('2026-01-01T00:00:00Z'));
    const b = await plan(request, () => new Date('2026-06-01T00:00:00Z'));
    expect(a.recommendations).toEqual(b.recommendations);
    expect({ ...a.trendAnalysis, generatedAt: '' }).toEqual({ ...b.trendAnalysis, generatedAt: '' });
    expect(a.trendAnalysis.generatedAt).not.toBe(b.trendAnalysis.generatedAt);
    expect(await plan(request)).toEqual(await plan(request));
  });

  it('are ordered by budget with three distinct mechanics from the enum', async () => {
    const { recommendations } = await plan(requestOf());
    expect(recommendations.map((r) => r.optionNumber)).toEqual([1, 2, 3]);
    const maxes = recommendations.map((r) => r.estimatedCost.max);
    expect(maxes[0]).toBeLessThan(maxes[2] ?? 0);
    expect(maxes).toEqual([...maxes].sort((x, y) => x - y));
    const types = recommendations.map((r) => r.mechanics.type);
    expect(new Set(types).size).toBe(3);
    for (const type of types) expect(MECHANICS_TYPES).toContain(type);
  });

  it('scale with monthly revenue and stay inside the store budget', async () => {
    const top = async (storeInfo: StoreInfo) => (await plan(requestOf({ storeInfo }))).recommendations[2]?.estimatedCost.max ?? 0;
    expect(await top({ monthlyRevenue: 100_000_000 })).toBeGreaterThan(await top({ monthlyRevenue: 10_000_000 }));
    expect(await top({ storeSize: '대형' })).toBeGreaterThan(await top({ storeSize: '소형' }));

    const { recommendations } = await plan(requestOf({ storeInfo: { budget: { min: 0, max: 50_000 } } }));
    for (const r of recommendations) {
      expect(r.estimatedCost.min).toBeGreaterThanOrEqual(0);
      expect(r.estimatedCost.max).toBeLessThanOrEqual(50_000);
      expect(r.estimatedCost.min).toBeLessThanOrEqual(r.estimatedCost.max);
    }
    expect(recommendationProblems(recommendations)).toEqual([]);
    expect(recommendations[2]?.estimatedCost.max).toBe(50_000);
  });

  it('follow the objective: 재방문 → STAMP or COUPON, 신규 → COUPON/SNS/EXPERIENCE, 인지도 → SNS_EVENT', async () => {
    for (const industry of ['음식점', '카페', '미용실', '헬스', '의류']) {
      for (const eventId of ['EVT-1', 'EVT-2', 'EVT-3']) {
        const types = async (objective: string) =>
          (await plan(requestOf({ industry, objective, eventId }))).recommendations.map((r) => r.mechanics.type);
        expect((await types('재방문 유도')).some((t) => t === 'STAMP' || t === 'COUPON')).toBe(true);
        expect((await types('단골 만들기')).some((t) => t === 'STAMP' || t === 'COUPON')).toBe(true);
        expect(await types('신규 고객 유치')).toContain('COUPON');
        expect(await types('인지도 향상')).toContain('SNS_EVENT');
        expect(await types('매출 증대')).toContain('DISCOUNT');
      }
    }
  });

  it('use the store name, region, season and top trend keywords in Korean', async () => {
    const request = requestOf({ storeInfo: { storeName: '맛있는 식당' } });
    const { trendAnalysis, recommendations } = await plan(request);
    const [first] = recommendations;
    expect(first?.title).toMatch(/^\[맛있는 식당\] 겨울/);
    const all = JSON.stringify(recommendations);
    expect(all).toContain('강남구');
    for (const list of [trendAnalysis.industryTrends, trendAnalysis.regionalTrends, trendAnalysis.seasonalTrends]) {
      expect(all).toContain(list[0]?.keyword);
    }
    for (const r of recommendations) expect(r.description).toMatch(HANGUL);
  });

  it('give dated periods from requestedAt and relative ones without it', async () => {
    const dated = await plan(requestOf({ requestedAt: '2026-11-24T09:00:00+09:00' }));
    expect(dated.recommendations[0]?.duration.recommendedPeriod).toBe('2026년 12월 1일 ~ 12월 14일');
    const relative = await plan(requestOf());
    for (const r of relative.recommendations) expect(r.duration.recommendedPeriod).toContain('요청일로부터');
  });

  it('take LLM-style trend analyses with long keywords without breaking length limits', async () => {
    const request = requestOf({ storeInfo: { storeName: '가'.repeat(100) } });
    const long = { keyword: '키'.repeat(100), relevance: 1, description: '설명' };
    const trendAnalysis: TrendAnalysis = {
      industry: '음식점', region: '강남구', season: '겨울',
      industryTrends: [long], regionalTrends: [long], seasonalTrends: [long],
      generatedAt: FIXED_NOW.toISOString(), aiProvider: 'CLAUDE',
    };
    const recs = (await createRuleBasedProvider().generateRecommendations({ request, trendAnalysis })).value;
    for (const r of recs) expect(recommendationChecker.problems(r)).toEqual([]);
    expect(recommendationProblems(recs)).toEqual([]);
  });
});

describe('classification', () => {
  it('maps free-text objectives by keyword', () => {
    expect(objectiveOf('신규 손님 늘리기').id).toBe('NEW_CUSTOMERS');
    expect(objectiveOf('단골 만들기').id).toBe('REVISIT');
    expect(objectiveOf('재방문 유도').id).toBe('REVISIT');
    expect(objectiveOf('매출 늘리기').id).toBe('SALES');
    expect(objectiveOf('인스타 홍보로 인지도 높이기').id).toBe('AWARENESS');
    expect(objectiveOf('free text').id).toBe('BALANCED');
  });

  it('maps industries, regions, seasons and store sizes with fallbacks', () => {
    expect(industryOf('삼겹살 고기집').id).toBe('RESTAURANT');
    expect(industryOf('와인 바').id).toBe('BAR');
    expect(industryOf('바버샵').id).toBe('BEAUTY');
    expect(industryOf('필라테스').id).toBe('FITNESS');
    expect(industryOf('소품샵').id).toBe('RETAIL');
    expect(industryOf('반려동물 용품점').id).toBe('GENERIC');
    expect(regionOf('서울 성동구 성수동').known?.name).toBe('성동구');
    expect(regionOf('부산광역시 해운대구').known?.name).toBe('부산');
    expect(regionOf('경기 광주시').known).toBeUndefined();
    expect(regionOf('경기 광주시').areaType).toBe('CITY');
    expect(regionOf('울릉군').areaType).toBe('RURAL');
    expect(regionOf('서울 노원구').areaType).toBe('RESIDENTIAL');
    expect(regionOf('Seoul').areaType).toBe('GENERIC');
    expect(seasonProfileOf('겨울').id).toBe('겨울');
    expect(seasonProfileOf('장마철').id).toBe('여름');
    expect(seasonProfileOf('xyz').id).toBe('NEUTRAL');
    expect(storeSizeFactor('소형')).toBeLessThan(storeSizeFactor(undefined));
    expect(storeSizeFactor('50평')).toBeGreaterThan(storeSizeFactor('20평'));
  });
});

describe('text helpers', () => {
  it('choose Korean particles by the final consonant', () => {
    expect(josa('강남구', '은')).toBe('강남구는');
    expect(josa('성수동', '은')).toBe('성수동은');
    expect(josa('카페', '을')).toBe('카페를');
    expect(josa('서울', '으로')).toBe('서울로');
    expect(josa('부산', '으로')).toBe('부산으로');
    expect(josa('맛있는 식당(강남점)', '이')).toBe('맛있는 식당(강남점)이');
  });

  it('hash stably and clip to a length', () => {
    expect(fnv1a('a')).toBe(0xe40c292c); // the published FNV-1a test vector
    expect(fnv1a('음식점')).toBe(fnv1a('음식점'));
    expect(clip('가'.repeat(10), 5)).toBe('가가가가…');
    expect(clip('짧다', 5)).toBe('짧다');
  });
});
