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

type BreakerReports = Awaited<ReturnType<ApiDeps['store']['getBreakerStates']>>;

/**
 * A vendor as the fleet sees it: NOT_CONFIGURED when no live worker uses it,
 * DOWN when every worker that uses it has its breaker open, else UP.
 */
function vendorState(reports: BreakerReports, provider: 'CLAUDE' | 'GPT_4'): 'UP' | 'DOWN' | 'NOT_CONFIGURED' {
  const mine = reports.filter((r) => r.provider === provider);
  if (mine.length === 0) return 'NOT_CONFIGURED';
  return mine.every((r) => r.state === 'OPEN') ? 'DOWN' : 'UP';
}

/** The fleet's worst breaker: OPEN if any is open anywhere, then HALF_OPEN, then CLOSED. */
function fleetBreaker(reports: BreakerReports): 'CLOSED' | 'OPEN' | 'HALF_OPEN' | 'NOT_CONFIGURED' {
  if (reports.length === 0) return 'NOT_CONFIGURED';
  if (reports.some((r) => r.state === 'OPEN')) return 'OPEN';
  return reports.some((r) => r.state === 'HALF_OPEN') ? 'HALF_OPEN' : 'CLOSED';
}

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
          'Each dependency is really checked (Redis PING, Kafka cluster metadata). claudeApi/gpt4Api and circuitBreaker come from ' +
          'the circuit-breaker states every worker publishes to Redis (30 s TTL): a vendor is DOWN when every worker using it has ' +
          'its breaker open, NOT_CONFIGURED when no live worker uses it. UP: all up; DEGRADED: Kafka down (status and results ' +
          'still served, no new jobs), a configured vendor down (plans come from the next provider, at worst RULE_BASED), or a ' +
          'partition held on a batch the bridge cannot read (listed in unreadableBatches); ' +
          'DOWN (HTTP 503): Redis down.',
        tags: ['operations'],
        response: { 200: HealthReply, 503: HealthReply },
      },
    },
    async (_request, reply) => {
      let reports: BreakerReports = [];
      const [redis, kafka, batchReports] = await Promise.all([
        probe(async () => {
          await deps.health.redis();
          reports = await deps.store.getBreakerStates();
        }),
        probe(deps.health.kafka),
        deps.health.unreadableBatches().catch(() => []),
      ]);
      const claudeApi = vendorState(reports, 'CLAUDE');
      const gpt4Api = vendorState(reports, 'GPT_4');
      const unreadableBatches = batchReports.filter((r) => Date.now() - Date.parse(r.reportedAt) < REPORT_FRESH_MS);
      const degraded = kafka === 'DOWN' || claudeApi === 'DOWN' || gpt4Api === 'DOWN' || unreadableBatches.length > 0;
      const status = redis === 'DOWN' ? 'DOWN' : degraded ? 'DEGRADED' : 'UP';
      return reply.code(status === 'DOWN' ? 503 : 200).send({
        status,
        timestamp: new Date().toISOString(),
        services: { redis, kafka, claudeApi, gpt4Api, circuitBreaker: fleetBreaker(reports) },
        unreadableBatches,
      });
    },
  );
};
