import { Type, type Static } from 'typebox';
import { AiProviderName } from './ai-provider.js';

export const Trend = Type.Object(
  {
    keyword: Type.String({ minLength: 1, maxLength: 100 }),
    relevance: Type.Number({ minimum: 0, maximum: 1, description: 'How relevant the trend is, 0.0–1.0.' }),
    description: Type.String({ minLength: 1, maxLength: 500 }),
  });
export type Trend = Static<typeof Trend>;

const TrendList = Type.Array(Trend, { minItems: 1, maxItems: 10 });

/** Value of `ai:trend:{industry}:{region}`. */
export const TrendAnalysis = Type.Object(
  {
    industry: Type.String(),
    region: Type.String(),
    season: Type.String(),
    industryTrends: TrendList,
    regionalTrends: TrendList,
    seasonalTrends: TrendList,
    generatedAt: Type.String({ format: 'date-time' }),
    aiProvider: AiProviderName,
  });
export type TrendAnalysis = Static<typeof TrendAnalysis>;
