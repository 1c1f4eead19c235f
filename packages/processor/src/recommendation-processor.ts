import type { Logger } from '@aisvc/logging';
import {
  compileSchema,
  PROGRESS_STEPS,
  Recommendation,
  recommendationProblems,
  TTL_SECONDS,
  type AIRecommendationResult,
} from '@aisvc/contracts';
import type { AiProvider } from '@aisvc/ai-providers';
import { NonRetryableJobError, type QueuedJob } from '@aisvc/queue';
import type { AiStore } from '@aisvc/store';
import { getOrAnalyseTrends, type TrendCacheSettings } from './trend-cache.js';

const recommendationChecker = compileSchema(Recommendation);

/** The provider answered, but not with three usable plans. Retryable: a new call may do better. */
export class InvalidRecommendationsError extends Error {
  override readonly name = 'InvalidRecommendationsError';
}

/** Schema first; the cross-plan rules only for plans that passed it (they assume the shape). */
function planProblems(recommendations: unknown): string[] {
  if (!Array.isArray(recommendations)) return ['expected an array of recommendations'];
  const items: unknown[] = recommendations;
  const shapeProblems = [
    ...(items.length === 3 ? [] : [`expected 3 recommendations, got ${items.length}`]),
    ...items.flatMap((r, i) => recommendationChecker.problems(r).map((p) => `/recommendations/${i}${p}`)),
  ];
  if (shapeProblems.length > 0 || !items.every((r): r is Recommendation => recommendationChecker.check(r))) return shapeProblems;
  return recommendationProblems(items);
}

/**
 * Marks a job FAILED that the queue gave up on, unless its status already says
 * how it ended. The processor writes FAILED itself on its last attempt; this
 * covers jobs BullMQ failed without running it (stalled too often).
 */
export async function recordFinalFailure(store: AiStore, logger: Logger, job: QueuedJob, reason: string): Promise<void> {
  const { jobId, eventId } = job.data;
  const current = await store.getStatus(jobId);
  if (current?.status === 'COMPLETED' || current?.status === 'FAILED') return;
  await store.updateStatus({
    jobId,
    eventId,
    status: 'FAILED',
    progress: current?.progress ?? 0,
    message: '추천 생성 실패',
    attempt: Math.max(current?.attempt ?? 0, job.attempt - 1, 1),
    error: reason,
  });
  logger.error({ jobId, eventId, reason }, 'job failed without a final attempt of its own (e.g. stalled)');
}

export interface ProcessorDeps {
  store: AiStore;
  provider: AiProvider;
  logger: Logger;
  trendCache?: TrendCacheSettings;
  now?: () => Date;
}

/**
 * Processes one recommendation job: PROCESSING 10 % → trend (cached) → 50 % →
 * three plans → result stored (1 h) → COMPLETED 100 %. The status record and
 * the BullMQ job progress move together. On error the status says whether a
 * retry follows or the job has FAILED for good; the error is rethrown so the
 * queue applies its retry policy.
 */
export function createRecommendationProcessor(deps: ProcessorDeps): (job: QueuedJob) => Promise<void> {
  const { store, provider, now = () => new Date() } = deps;

  return async (job) => {
    const request = job.data;
    const log = deps.logger.child({ jobId: request.jobId, eventId: request.eventId, attempt: job.attempt });
    const base = { jobId: request.jobId, eventId: request.eventId, attempt: job.attempt };
    const step = async (s: (typeof PROGRESS_STEPS)[keyof typeof PROGRESS_STEPS]) => {
      await store.updateStatus({ ...base, ...s });
      await job.reportProgress(s.progress);
    };

    const started = Date.now();
    try {
      log.info({ industry: request.industry, region: request.region, season: request.season }, 'job started');
      await step(PROGRESS_STEPS.analysingTrends);
      const { trend, cacheHit } = await getOrAnalyseTrends(
        { industry: request.industry, region: request.region, season: request.season },
        { store, provider, logger: log, signal: job.signal, ...(deps.trendCache ? { settings: deps.trendCache } : {}) },
      );
      log.info({ cacheHit }, 'trend analysis ready');

      await step(PROGRESS_STEPS.generatingRecommendations);
      const recommendations = await provider.generateRecommendations({ request, trendAnalysis: trend }, job.signal);
      const problems = planProblems(recommendations);
      if (problems.length > 0) throw new InvalidRecommendationsError(`invalid recommendations from ${provider.name}: ${problems.slice(0, 5).join('; ')}`);

      const generatedAt = now();
      const result: AIRecommendationResult = {
        eventId: request.eventId,
        jobId: request.jobId,
        trendAnalysis: trend,
        recommendations,
        generatedAt: generatedAt.toISOString(),
        expiresAt: new Date(generatedAt.getTime() + TTL_SECONDS.recommendation * 1000).toISOString(),
        aiProvider: provider.name,
      };
      await store.saveRecommendation(result);
      await step(PROGRESS_STEPS.completed);
      log.info({ ms: Date.now() - started, provider: provider.name }, 'job completed');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const final = job.attempt >= job.maxAttempts || error instanceof NonRetryableJobError;
      const current = await store.getStatus(request.jobId).catch(() => null);
      await store
        .updateStatus({
          ...base,
          status: final ? 'FAILED' : 'PROCESSING',
          progress: current?.progress ?? 0,
          message: final ? '추천 생성 실패' : `일시적 오류, 재시도 예정 (${job.attempt}/${job.maxAttempts})`,
          ...(final ? { error: reason } : {}),
        })
        .catch((statusError: unknown) => log.error({ err: statusError }, 'could not record the failure in the status'));
      log[final ? 'error' : 'warn']({ err: error, final }, final ? 'job failed' : 'job attempt failed; will retry');
      throw error;
    }
  };
}
