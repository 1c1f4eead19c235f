import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobRequest } from '@aisvc/contracts';
import { bullJobId, jobCatalog, RECOMMENDATION_JOB } from './job-catalog.js';

export interface QueueLocation {
  /** BullMQ queue name (default `ai-recommendation`). */
  name: string;
  /** BullMQ key prefix (default `bull`; a hash tag like `{ai}` on Redis Cluster). */
  prefix: string;
}

/** A job as the processor sees it: no BullMQ types leak past this package. */
export interface QueuedJob {
  readonly data: JobRequest;
  /** 1-based number of this attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** BullMQ's signal for this job (aborted when the job is cancelled, e.g. its lock is lost). */
  readonly signal: AbortSignal | undefined;
  /** When the job was added (epoch ms): the client's clock starts then, so the job's deadline does too. */
  readonly enqueuedAt: number;
  /** True when the job may be put back with `DeferJobError` (a real BullMQ job; not a test double). */
  readonly deferrable: boolean;
  /** This run resumes a deferred wait (same attempt, started again). */
  readonly resumed?: boolean;
  reportProgress(progress: number): Promise<void>;
}

/** Thrown by a processor when retrying cannot help (bad input, a bug in the data). */
export class NonRetryableJobError extends Error {
  override readonly name = 'NonRetryableJobError';
}

/**
 * Thrown by a processor that must wait for something another worker is doing
 * (e.g. its trend analysis): the job goes back to the queue, delayed until
 * `until` (epoch ms), without using an attempt, and its worker slot is free
 * meanwhile (BullMQ's moveToDelayed + DelayedError).
 */
export class DeferJobError extends Error {
  override readonly name = 'DeferJobError';
  constructor(readonly until: number, reason: string) {
    super(reason);
  }
}

/** Producer side: adds recommendation jobs, once per jobId. */
/** KEYS: the queue's completed and failed sets; ARGV: job ids. Returns the ids found in either. */
const FINISHED_AMONG_LUA = `
local found = {}
for i = 1, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) or redis.call('ZSCORE', KEYS[2], ARGV[i]) then found[#found + 1] = ARGV[i] end
end
return found`;

export class RecommendationQueue {
  readonly queue: Queue<JobRequest, unknown, typeof RECOMMENDATION_JOB>;

  /**
   * `onError` hears the queue's connection errors; without a listener BullMQ prints each
   * one to stderr as a raw stack trace (dozens a second while Redis is down). The
   * connection's own error handler (connectRedis) already reports them, hence the default.
   */
  constructor(
    private readonly connection: Redis,
    location: QueueLocation,
    onError: (error: Error) => void = () => undefined,
  ) {
    this.queue = new Queue(location.name, { connection, prefix: location.prefix });
    this.queue.on('error', onError);
  }

  /**
   * Adds the job for `request`, or does nothing when a job with the same
   * deterministic id exists already (BullMQ ignores duplicate ids), so a
   * redelivered message never makes a second job. Returns the BullMQ job id.
   * See enqueueMany for `replaceFinished`.
   */
  async enqueue(request: JobRequest, options: { replaceFinished?: boolean } = {}): Promise<string> {
    const [id] = await this.enqueueMany([{ request, replaceFinished: options.replaceFinished ?? false }]);
    return id ?? bullJobId(request.jobId);
  }

  /**
   * Adds the jobs in one round of `addBulk`; an id that has a job already is left as it is,
   * except that with `replaceFinished` a job that has finished (completed or failed) is
   * replaced by a new one. The caller asks for that when the request's status is absent
   * or PENDING, i.e. the finished job belongs to an earlier run whose status expired or
   * was evicted: left alone, the request would sit in PENDING for good.
   * Returns the BullMQ job ids, in order.
   */
  async enqueueMany(entries: { request: JobRequest; replaceFinished: boolean }[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const ids = entries.map((e) => bullJobId(e.request.jobId));
    const replaceable = [...new Set(ids.filter((_, i) => entries[i]?.replaceFinished))];
    if (replaceable.length > 0) {
      // Finished jobs sit in the completed and failed sets: one script looks for all ids
      // (a pipeline of two ZSCOREs per id cost the bridge ~10 % of its throughput).
      const { completed = '', failed = '' } = this.queue.keys;
      const found: unknown = await this.connection.eval(FINISHED_AMONG_LUA, 2, completed, failed, ...replaceable);
      const finished = Array.isArray(found) ? found.filter((id): id is string => typeof id === 'string') : [];
      // A finished job changes no more; a removal that finds it gone already is fine.
      await Promise.all(finished.map((id) => this.queue.remove(id)));
    }
    await this.queue.addBulk(
      entries.map(({ request }, i) => ({ name: RECOMMENDATION_JOB, data: request, opts: { ...jobCatalog[RECOMMENDATION_JOB].options, jobId: ids[i] ?? '' } })),
    );
    return ids;
  }

  /** Jobs waiting to run: waiting, prioritized and delayed (retries). */
  backlog(): Promise<number> {
    return this.queue.getJobCountByTypes('waiting', 'prioritized', 'delayed');
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

export interface WorkerSettings extends QueueLocation {
  /** Jobs processed at once by this process. */
  concurrency: number;
}

const toQueuedJob = (job: Job<JobRequest, unknown>, signal?: AbortSignal, deferrable = false): QueuedJob => ({
  data: job.data,
  attempt: job.attemptsMade + 1,
  maxAttempts: job.opts.attempts ?? 1,
  signal,
  enqueuedAt: job.timestamp,
  deferrable,
  resumed: job.attemptsStarted > job.attemptsMade + 1,
  reportProgress: (progress) => job.updateProgress(progress),
});

/**
 * Consumer side: runs `handler` for each recommendation job; what it returns
 * becomes the BullMQ job's return value (shown in Bull Board). `onFinalFailure`
 * hears of every job that failed for good, including those BullMQ failed
 * without running the handler (stalled too often).
 */
export function createRecommendationWorker<R = void>(
  connection: Redis,
  settings: WorkerSettings,
  handler: (job: QueuedJob) => Promise<R>,
  onFinalFailure?: (job: QueuedJob, reason: string) => Promise<void>,
): Worker<JobRequest, R> {
  const worker = new Worker<JobRequest, R>(
    settings.name,
    async (job: Job<JobRequest, R>, token?: string, signal?: AbortSignal) => {
      try {
        return await handler(toQueuedJob(job, signal, token !== undefined));
      } catch (error) {
        if (error instanceof NonRetryableJobError) throw new UnrecoverableError(error.message);
        if (error instanceof DeferJobError && token !== undefined) {
          await job.moveToDelayed(error.until, token);
          throw new DelayedError(error.message);
        }
        throw error;
      }
    },
    { connection, prefix: settings.prefix, concurrency: settings.concurrency },
  );
  if (onFinalFailure) {
    worker.on('failed', (job, error) => {
      if (!job) return;
      // The event also fires for attempts that will be retried; the job's state tells.
      void job
        .isFailed()
        .then((final) => (final ? onFinalFailure(toQueuedJob(job), error.message) : undefined))
        .catch((failure: unknown) => worker.emit('error', failure instanceof Error ? failure : new Error(String(failure))));
    });
  }
  return worker;
}
