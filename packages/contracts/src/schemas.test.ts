import { describe, expect, it } from 'vitest';
import { AIRecommendationResult, recommendationProblems } from './recommendation.js';
import { exampleJobStatus, exampleRecommendation, exampleResult, exampleTrendAnalysis } from './examples.js';
import { JobStatus } from './job-status.js';
import { TrendAnalysis } from './trend.js';
import { ErrorBody } from './errors.js';
import { compileSchema } from './validation.js';

const status = exampleJobStatus;
const trend = (keyword: string) => ({ keyword, relevance: 0.85, description: `${keyword} 수요 증가` });
const trendAnalysis = exampleTrendAnalysis;
const plan = exampleRecommendation;
const result = exampleResult;

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
