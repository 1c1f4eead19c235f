import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody, JobId, JobState, JobStatus, normaliseJobRequest, SubmitJobBody } from '@aisvc/contracts';
import { ApiError, fromDependency, notFound } from '../errors.js';
import type { ApiDeps } from '../types.js';

const SubmitJobReply = Type.Object({ jobId: JobId, status: JobState });

export const jobRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/internal/jobs/:jobId/status',
    {
      schema: {
        summary: 'Status and progress of a job',
        description: 'The ai:job:status:{jobId} record (kept 24 h). Poll it, or follow the SSE stream.',
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
          'Send a jobId of your own to retry safely: a known jobId is not published again.',
        tags: ['jobs'],
        body: SubmitJobBody,
        response: { 202: SubmitJobReply, 400: ErrorBody, 413: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      const jobId = request.body.jobId ?? randomUUID();
      // The same normalisation as the bridge: a request the bridge would dead-letter is refused here.
      const parsed = normaliseJobRequest({ ...request.body, jobId });
      if (!parsed.ok) throw new ApiError(400, 'INVALID_REQUEST', parsed.reason);
      const job = parsed.request;

      const existing = await fromDependency('redis', deps.store.getStatus(jobId));
      if (existing) return reply.code(202).send({ jobId, status: existing.status });

      await fromDependency('kafka', deps.requests.publish(job));
      // After the publish, so a PENDING status always means "on its way"; NX, so it never
      // overwrites what the bridge or a worker may already have written.
      await fromDependency('redis', deps.store.createPendingStatus(job));
      request.log.info({ jobId, eventId: job.eventId }, 'job request published');
      return reply.code(202).send({ jobId, status: 'PENDING' as const });
    },
  );
};
