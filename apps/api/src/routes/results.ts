import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AIRecommendationResult, ErrorBody, EventId, JobRequest, TrendAnalysis } from '@aisvc/contracts';
import { fromDependency, notFound } from '../errors.js';
import type { ApiDeps } from '../types.js';

export const resultRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/internal/recommendations/:eventId',
    {
      schema: {
        summary: 'The three event plans of an event',
        description: 'The ai:recommendation:{eventId} record; 404 when absent or expired (kept 1 h).',
        tags: ['results'],
        params: Type.Object({ eventId: EventId }),
        response: { 200: AIRecommendationResult, 400: ErrorBody, 404: ErrorBody, 503: ErrorBody },
      },
    },
    async (request) => {
      const result = await fromDependency('redis', deps.store.getRecommendation(request.params.eventId));
      if (!result) throw notFound(`recommendations for event ${request.params.eventId}`);
      return result;
    },
  );

  app.get(
    '/internal/trends/:industry/:region',
    {
      schema: {
        summary: 'The cached trend analysis of an industry and region',
        description: 'The ai:trend:{industry}:{region} record (kept 24 h); 404 when absent. Use URL-encoding for Korean text.',
        tags: ['results'],
        params: Type.Object({ industry: JobRequest.properties.industry, region: JobRequest.properties.region }),
        response: { 200: TrendAnalysis, 400: ErrorBody, 404: ErrorBody, 503: ErrorBody },
      },
    },
    async (request) => {
      const { industry, region } = request.params;
      const trend = await fromDependency('redis', deps.store.getTrend(industry.normalize('NFC'), region.normalize('NFC')));
      if (!trend) throw notFound(`trend analysis for ${industry}/${region}`);
      return trend;
    },
  );
};
