import type { JobRequest } from '@aisvc/contracts';
import { analyseTrends, generateRecommendations } from '../rule-based/rule-based-provider.js';
import { toLlmPlansAnswer, toLlmTrendAnswer } from './schemas.js';

/**
 * Answers a model could give for `request`, as the JSON text a vendor returns
 * (the RULE_BASED generator's output in the LLM-facing shapes): what the fakes
 * of the tests and the LLM benchmark answer with.
 */
export function sampleLlmAnswers(request: JobRequest): { trends: string; plans: string } {
  const trend = analyseTrends({ industry: request.industry, region: request.region, season: request.season }, new Date());
  return {
    trends: JSON.stringify(toLlmTrendAnswer(trend)),
    plans: JSON.stringify(toLlmPlansAnswer(generateRecommendations({ request, trendAnalysis: trend }))),
  };
}
