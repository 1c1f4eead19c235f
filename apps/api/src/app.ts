import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { BULL_BOARD_PATH, mountBullBoard } from './bull-board.js';
import { installErrorHandling } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { resultRoutes } from './routes/results.js';
import type { ApiDeps, ApiInstance } from './types.js';
import type { ErrorBody } from '@aisvc/contracts';

export type { ApiDeps, ApiInstance } from './types.js';
export interface ApiOptions {
  /** pino logger of the process; request logs become its children. */
  logger: FastifyBaseLogger;
  bodyLimitBytes?: number;
}

function badRequestBeforeRouting(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const body: ErrorBody = { code: 'INVALID_REQUEST', message: error.message };
  void reply.code(400).send(body);
}

export async function buildApi(deps: ApiDeps, options: ApiOptions): Promise<ApiInstance> {
  const app: ApiInstance = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes ?? 65_536,
    // Path params carry Korean industry/region names: allow long, encoded URLs.
    routerOptions: { maxParamLength: 500 },
    // Errors Fastify raises before routing (e.g. a malformed %-escape) get the one error body too.
    frameworkErrors: badRequestBeforeRouting,
    // One line per request, written below with the jobId, instead of Fastify's two without it.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // TypeBox validates HTTP input too: one schema engine for messages, config and routes.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  installErrorHandling(app);
  // Every log line about a job carries its id, like the bridge's and the worker's.
  app.addHook('onRequest', async (request) => {
    const params = request.params as Record<string, unknown> | undefined;
    if (typeof params?.['jobId'] === 'string') request.log = request.log.child({ jobId: params['jobId'] });
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request completed');
  });
  // The API speaks JSON only: anything else is 415, not a confusing validation error.
  app.removeContentTypeParser('text/plain');

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'AI event recommendation service',
        description: 'Job status, event plans and trend analyses of the AI service; job submission onto the ai-job-request topic.',
        version: '0.1.0',
      },
      tags: [
        { name: 'jobs', description: 'Submit requests and follow their status' },
        { name: 'results', description: 'Recommendations and trend analyses' },
        { name: 'operations', description: 'Health' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes, { deps });
  await app.register(jobRoutes, { deps });
  await app.register(resultRoutes, { deps });
  if (deps.dashboard) {
    await mountBullBoard(app, deps.dashboard.queue, deps.dashboard);
  } else {
    options.logger.warn(`BULL_BOARD_PASSWORD is not set: the dashboard at ${BULL_BOARD_PATH} is disabled`);
  }
  return app;
}
