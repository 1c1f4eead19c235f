import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody, JobId, JobState, JobStatus, SubmitJobBody } from '@aisvc/contracts';
import { ApiError, fromDependency, notFound } from '../errors.js';
import type { ApiDeps } from '../types.js';

const SubmitJobReply = Type.Object({ jobId: JobId, status: JobState });

export const jobRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/internal/jobs/:jobId/status',
    {
      schema: {
        summary: 'Status and progress of a job',
        description: 'The ai:job:status:{jobId} record (kept 24 h). Poll it every ~2 s until COMPLETED or FAILED.',
        tags: ['jobs'],
        params: Type.Object({ jobId: JobId }),
        response: { 200: JobStatus, 400: ErrorBody, 404: ErrorBody, 503: ErrorBody },
      },
    },
    async (request) => {
      const status = await fromDependency('redis', deps.store.getStatus(request.params.jobId));
      if (!status) throw notFound(`job ${request.params.jobId}`);
      return status;
    },
  );

  app.post(
    '/internal/jobs',
    {
      schema: {
        summary: 'Submit a recommendation request',
        description:
          'Publishes the request to the ai-job-request topic and answers 202 with its jobId. ' +
          'Send a jobId of your own to retry safely: a known jobId is not published again and the answer carries its ' +
          'current status; a jobId already used for another event is a 409.',
        tags: ['jobs'],
        body: SubmitJobBody,
        response: { 202: SubmitJobReply, 400: ErrorBody, 409: ErrorBody, 413: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      const outcome = await deps.submit(request.body);
      switch (outcome.kind) {
        case 'invalid':
          throw new ApiError(400, 'INVALID_REQUEST', outcome.reason);
        case 'conflict':
          throw new ApiError(409, 'CONFLICT', `job ${outcome.jobId} belongs to event ${outcome.eventId}`, { jobId: outcome.jobId, eventId: outcome.eventId });
        case 'accepted':
          return reply.code(202).send({ jobId: outcome.jobId, status: outcome.status });
      }
    },
  );
};
