import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { UnreadableBatchReport } from '@aisvc/contracts';
import type { ApiDeps } from '../types.js';

const DependencyState = Type.Enum(['UP', 'DOWN', 'NOT_CONFIGURED']);
const HealthReply = Type.Object({
  status: Type.Enum(['UP', 'DOWN', 'DEGRADED']),
  timestamp: Type.String({ format: 'date-time' }),
  services: Type.Object({
    redis: DependencyState,
    kafka: DependencyState,
    claudeApi: DependencyState,
    gpt4Api: DependencyState,
    circuitBreaker: Type.Enum(['CLOSED', 'OPEN', 'HALF_OPEN', 'NOT_CONFIGURED']),
  }),
  unreadableBatches: Type.Array(UnreadableBatchReport, {
    description:
      'Record batches a kafka-bridge cannot read, each holding its partition paused until an operator skips it ' +
      '(README: "A batch the bridge cannot read"). Only reports refreshed in the last minute: a bridge refreshes ' +
      'the batches it holds every 2 s.',
  }),
});

// A holder refreshes its reports every 2 s; older ones are from a bridge that is gone.
const REPORT_FRESH_MS = 60_000;

const CHECK_TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<void>): Promise<'UP' | 'DOWN'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'UP';
  } catch {
    return 'DOWN';
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/health',
    {
      // Probed every few seconds by orchestrators: only problems are worth a log line.
      logLevel: 'warn',
      schema: {
        summary: 'Liveness and dependency health',
        description:
          'Each dependency is really checked (Redis PING, Kafka cluster metadata). UP: all up; DEGRADED: Kafka down ' +
          '(status and results still served, no new jobs) or a partition held on a batch the bridge cannot read; ' +
          'DOWN (HTTP 503): Redis down.',
        tags: ['operations'],
        response: { 200: HealthReply, 503: HealthReply },
      },
    },
    async (_request, reply) => {
      const [redis, kafka, reports] = await Promise.all([
        probe(deps.health.redis),
        probe(deps.health.kafka),
        deps.health.unreadableBatches().catch(() => []),
      ]);
      const unreadableBatches = reports.filter((r) => Date.now() - Date.parse(r.reportedAt) < REPORT_FRESH_MS);
      const status = redis === 'DOWN' ? 'DOWN' : kafka === 'DOWN' || unreadableBatches.length > 0 ? 'DEGRADED' : 'UP';
      return reply.code(status === 'DOWN' ? 503 : 200).send({
        status,
        timestamp: new Date().toISOString(),
        // The LLM providers arrive with their own issue; until then only RULE_BASED runs.
        services: { redis, kafka, claudeApi: 'NOT_CONFIGURED', gpt4Api: 'NOT_CONFIGURED', circuitBreaker: 'NOT_CONFIGURED' },
        unreadableBatches,
      });
    },
  );
};
