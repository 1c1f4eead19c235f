import type { JobStatus } from './job-status.js';
import type { AIRecommendationResult, Recommendation } from './recommendation.js';
import type { TrendAnalysis } from './trend.js';

/**
 * SPEC-shaped example values: used by tests across the workspace (one
 * definition of "a valid record") and readable as documentation.
 */
export const exampleJobStatus: JobStatus = {
  jobId: 'JOB-AI-20261124-0001',
  eventId: 'EVT-1001',
  status: 'PROCESSING',
  progress: 50,
  message: '이벤트 추천안 생성 중',
  createdAt: '2026-11-24T01:00:00.000Z',
  updatedAt: '2026-11-24T01:00:03.000Z',
  attempt: 1,
};

const trend = (keyword: string) => ({ keyword, relevance: 0.85, description: `${keyword} 수요 증가` });

export const exampleTrendAnalysis: TrendAnalysis = {
  industry: '음식점',
  region: '강남구',
  season: '겨울',
  industryTrends: [trend('혼밥')],
  regionalTrends: [trend('직장인 점심')],
  seasonalTrends: [trend('연말 모임')],
  generatedAt: '2026-11-24T01:00:01.000Z',
  aiProvider: 'CLAUDE',
};

/** One plan; `min`/`max` are its estimated cost in KRW. */
export const exampleRecommendation = (optionNumber: number, min: number, max: number): Recommendation => ({
  optionNumber,
  concept: '첫 방문 할인',
  title: `옵션 ${optionNumber}`,
  description: '점심 시간 첫 방문 고객 할인',
  targetAudience: '20-30대 직장인',
  duration: { recommendedDays: 14, recommendedPeriod: '2주' },
  mechanics: { type: 'DISCOUNT', details: '첫 방문 10% 할인' },
  promotionChannels: ['인스타그램'],
  estimatedCost: { min, max, breakdown: { 할인비용: max } },
  expectedMetrics: { newCustomers: { min: 10, max: 30 }, revenueIncrease: { min: 5, max: 10 }, roi: { min: 100, max: 200 } },
  differentiator: '점심 시간 한정',
});

export const exampleResult: AIRecommendationResult = {
  eventId: 'EVT-1001',
  jobId: 'JOB-AI-20261124-0001',
  trendAnalysis: exampleTrendAnalysis,
  recommendations: [exampleRecommendation(1, 100_000, 300_000), exampleRecommendation(2, 300_000, 800_000), exampleRecommendation(3, 800_000, 2_000_000)],
  generatedAt: '2026-11-24T01:00:04.000Z',
  expiresAt: '2026-11-24T02:00:04.000Z',
  aiProvider: 'GPT_4',
};
