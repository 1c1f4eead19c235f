import type { Logger } from '@aisvc/logging';
import {
  generationReport,
  PROGRESS_STEPS,
  recommendationListProblems,
  TTL_SECONDS,
  type AIRecommendationResult,
  type AiProviderName,
  type GenerationReport,
} from '@aisvc/contracts';
import type { AiProvider } from '@aisvc/ai-providers';
import { DeferJobError, NonRetryableJobError, type QueuedJob } from '@aisvc/queue';
import type { AiStore } from '@aisvc/store';
import { DEFAULT_TREND_CACHE_SETTINGS, getOrAnalyseTrends, LocalTrendCache, type TrendCacheSettings } from './trend-cache.js';

/** A job's BullMQ return value (shown in Bull Board): who answered, the calls it made, tokens and cost. */
export type JobOutcome = GenerationReport & { aiProvider: AiProviderName; jobId: string };

/** SPEC: a client polls for about 30 s; the job must end with a result before that. */
export const DEFAULT_JOB_DEADLINE_MS = 25_000;

/** The provider answered, but not with three usable plans. Retryable: a new call may do better. */
export class InvalidRecommendationsError extends Error {
  override readonly name = 'InvalidRecommendationsError';
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

/**
 * A job's progress writes, run one after another beside the job's work. A write
 * that fails is kept (never an unhandled rejection) and rethrown by `flush`;
 * writes after a failure are skipped.
 */
class ProgressTrail {
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  push(write: () => Promise<unknown>): void {
    this.tail = this.tail.then(async () => {
      if (this.failure) return;
      try {
        await write();
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  /** Waits for every write; throws the first failure. */
  async flush(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every write, failed or not. */
  settled(): Promise<void> {
    return this.tail;
  }
}

export interface ProcessorDeps {
  store: AiStore;
  provider: AiProvider;
  logger: Logger;
  trendCache?: TrendCacheSettings;
  now?: () => Date;
  /** The job's deadline, counted from when it was enqueued (the client's clock starts then). */
  deadlineMs?: number;
}

/**
 * Processes one recommendation job: PROCESSING 10 % → trend (cached) → 50 % →
 * three plans → result stored (1 h) → COMPLETED 100 %. The status record and
 * the BullMQ job progress move together. On error the status says whether a
 * retry follows or the job has FAILED for good; the error is rethrown so the
 * queue applies its retry policy.
 */
export function createRecommendationProcessor(deps: ProcessorDeps): (job: QueuedJob) => Promise<JobOutcome> {
  const { store, provider, now = () => new Date(), deadlineMs = DEFAULT_JOB_DEADLINE_MS } = deps;
  const localTtlMs = deps.trendCache?.localTtlMs ?? DEFAULT_TREND_CACHE_SETTINGS.localTtlMs ?? 0;
  const localTrends = localTtlMs > 0 ? new LocalTrendCache(localTtlMs) : undefined;

  return async (job) => {
    const request = job.data;
    const deadline = job.enqueuedAt + deadlineMs;
    const log = deps.logger.child({ jobId: request.jobId, eventId: request.eventId, attempt: job.attempt });
    const base = { jobId: request.jobId, eventId: request.eventId, attempt: job.attempt };
    // At LLM concurrency every sequential Redis round trip shows in the job's latency (an event-loop
    // turn shared with a few hundred other jobs): progress is written beside the work, in order, and
    // the job waits for it only before its result is stored.
    const progress = new ProgressTrail();
    const writeStep = (s: (typeof PROGRESS_STEPS)[keyof typeof PROGRESS_STEPS]) =>
      Promise.all([store.updateStatus({ ...base, ...s }), job.reportProgress(s.progress)]);

    const started = Date.now();
    try {
      // A deferred job starts again every poll while it waits: only its first start is worth an info line.
      log[job.resumed ? 'debug' : 'info']({ industry: request.industry, region: request.region, season: request.season, deadlineInMs: deadline - started }, 'job started');
      progress.push(() => writeStep(PROGRESS_STEPS.analysingTrends));
      const trendOutcome = await getOrAnalyseTrends(
        { industry: request.industry, region: request.region, season: request.season },
        {
          store,
          provider,
          logger: log,
          signal: job.signal,
          deadline,
          local: localTrends,
          ...(deps.trendCache ? { settings: deps.trendCache } : {}),
          defer: job.deferrable
            ? (until) => {
                throw new DeferJobError(until, `waiting for another worker's trend analysis of ${request.industry}/${request.region}`);
              }
            : undefined,
        },
      );
      const { trend, cacheHit } = trendOutcome;
      log.debug({ cacheHit }, 'trend analysis ready');

      progress.push(() => writeStep(PROGRESS_STEPS.generatingRecommendations));
      const plans = await provider.generateRecommendations({ request, trendAnalysis: trend }, { signal: job.signal, deadline, logger: log });
      const recommendations = plans.value;
      const problems = recommendationListProblems(recommendations);
      if (problems.length > 0) throw new InvalidRecommendationsError(`invalid recommendations from ${plans.call.provider}: ${problems.slice(0, 5).join('; ')}`);
      const generation = generationReport(trendOutcome.call ? [trendOutcome.call, plans.call] : [plans.call], cacheHit);

      const generatedAt = now();
      const result: AIRecommendationResult = {
        eventId: request.eventId,
        jobId: request.jobId,
        trendAnalysis: trend,
        recommendations,
        generatedAt: generatedAt.toISOString(),
        expiresAt: new Date(generatedAt.getTime() + TTL_SECONDS.recommendation * 1000).toISOString(),
        aiProvider: plans.call.provider,
        generation,
      };
      // COMPLETED only after 50 % and after the result: a client that sees it finds the result.
      await progress.flush();
      await store.saveRecommendation(result);
      await writeStep(PROGRESS_STEPS.completed);
      log.info(
        { ms: Date.now() - started, provider: plans.call.provider, model: generation.model, usage: generation.usage, costUsd: generation.costUsd, trendCacheHit: cacheHit },
        'job completed',
      );
      return { jobId: request.jobId, aiProvider: plans.call.provider, ...generation };
    } catch (error) {
      // Whatever failed, no progress write may land after the status this attempt ends with.
      await progress.settled();
      // Deferred, not failed: the job comes back without using an attempt, its status untouched.
      if (error instanceof DeferJobError) {
        log.debug({ until: error.until }, error.message);
        throw error;
      }
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
