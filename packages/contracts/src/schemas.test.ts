import { describe, expect, it } from 'vitest';
import { AIRecommendationResult, recommendationProblems, type Recommendation } from './recommendation.js';
import { JobStatus } from './job-status.js';
import { TrendAnalysis } from './trend.js';
import { ErrorBody } from './errors.js';
import { compileSchema } from './validation.js';

const status = {
  jobId: 'JOB-AI-20261124-0001', eventId: 'EVT-1001', status: 'PROCESSING', progress: 50, message: '이벤트 추천안 생성 중',
  createdAt: '2026-11-24T01:00:00.000Z', updatedAt: '2026-11-24T01:00:03.000Z', attempt: 1,
};
const trend = (keyword: string) => ({ keyword, relevance: 0.85, description: `${keyword} 수요 증가` });
const trendAnalysis = {
  industry: '음식점', region: '강남구', season: '겨울',
  industryTrends: [trend('혼밥')], regionalTrends: [trend('직장인 점심')], seasonalTrends: [trend('연말 모임')],
  generatedAt: '2026-11-24T01:00:01.000Z', aiProvider: 'CLAUDE',
};
const plan = (optionNumber: number, min: number, max: number): Recommendation => ({
  optionNumber, concept: '첫 방문 할인', title: `옵션 ${optionNumber}`, description: '설명', targetAudience: '20-30대 직장인',
  duration: { recommendedDays: 14, recommendedPeriod: '2주' },
  mechanics: { type: 'DISCOUNT', details: '첫 방문 10% 할인' },
  promotionChannels: ['인스타그램'],
  estimatedCost: { min, max, breakdown: { 할인비용: max } },
  expectedMetrics: { newCustomers: { min: 10, max: 30 }, revenueIncrease: { min: 5, max: 10 }, roi: { min: 100, max: 200 } },
  differentiator: '점심 시간 한정',
});
const result = {
  eventId: 'EVT-1001', jobId: 'JOB-AI-20261124-0001', trendAnalysis,
  recommendations: [plan(1, 100_000, 300_000), plan(2, 300_000, 800_000), plan(3, 800_000, 2_000_000)],
  generatedAt: '2026-11-24T01:00:04.000Z', expiresAt: '2026-11-24T02:00:04.000Z', aiProvider: 'GPT_4',
};

describe('JobStatus', () => {
  const checker = compileSchema(JobStatus);
  it('accepts a SPEC-shaped record', () => expect(checker.problems(status)).toEqual([]));
  it.each([
    ['an unknown state', { status: 'DONE' }],
    ['progress over 100', { progress: 101 }],
    ['fractional progress', { progress: 10.5 }],
    ['a bad timestamp', { updatedAt: 'yesterday' }],
  ])('rejects %s', (_label, patch) => expect(checker.check({ ...status, ...patch })).toBe(false));
});

describe('TrendAnalysis', () => {
  const checker = compileSchema(TrendAnalysis);
  it('accepts a SPEC-shaped analysis', () => expect(checker.problems(trendAnalysis)).toEqual([]));
  it('rejects relevance outside 0.0–1.0, an unknown provider and an empty list', () => {
    expect(checker.check({ ...trendAnalysis, industryTrends: [{ ...trend('x'), relevance: 1.5 }] })).toBe(false);
    expect(checker.check({ ...trendAnalysis, aiProvider: 'GEMINI' })).toBe(false);
    expect(checker.check({ ...trendAnalysis, seasonalTrends: [] })).toBe(false);
  });
});

describe('AIRecommendationResult', () => {
  const checker = compileSchema(AIRecommendationResult);
  it('accepts a SPEC-shaped result with three consistent plans', () => {
    expect(checker.problems(result)).toEqual([]);
    expect(recommendationProblems(result.recommendations)).toEqual([]);
  });
  it.each([
    ['two plans', { recommendations: result.recommendations.slice(0, 2) }],
    ['a mechanics type outside the enum', { recommendations: [{ ...plan(1, 1, 2), mechanics: { type: 'FREE_BEER', details: 'x' } }, plan(2, 2, 3), plan(3, 3, 4)] }],
    ['a fractional KRW amount', { recommendations: [plan(1, 1.5, 2), plan(2, 2, 3), plan(3, 3, 4)] }],
    ['option number 4', { recommendations: [plan(1, 1, 2), plan(2, 2, 3), plan(4, 3, 4)] }],
  ])('rejects %s', (_label, patch) => expect(checker.check({ ...result, ...patch })).toBe(false));

  it('names plans that break the rules JSON Schema cannot express', () => {
    expect(recommendationProblems([plan(1, 500, 100), plan(2, 300, 800), plan(3, 800, 900)])).toEqual(['/recommendations/0/estimatedCost: min > max']);
    expect(recommendationProblems([plan(2, 1, 2), plan(1, 2, 3), plan(3, 3, 4)])).toEqual([
      '/recommendations/0/optionNumber: expected 1, got 2',
      '/recommendations/1/optionNumber: expected 2, got 1',
    ]);
    expect(recommendationProblems([plan(1, 1, 900), plan(2, 2, 300), plan(3, 3, 4_000)])).toEqual([
      '/recommendations/1/estimatedCost: option 2 must not cost less than option 1',
    ]);
  });
});

describe('ErrorBody', () => {
  it('requires code and message, details optional', () => {
    const checker = compileSchema(ErrorBody);
    expect(checker.check({ code: 'NOT_FOUND', message: 'job X not found' })).toBe(true);
    expect(checker.check({ code: 'INVALID_REQUEST', message: 'm', details: [{ path: '/body/industry' }] })).toBe(true);
    expect(checker.check({ message: 'no code' })).toBe(false);
  });
});
