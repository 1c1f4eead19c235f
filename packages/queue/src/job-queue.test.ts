import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { Worker } from 'bullmq';
import type { JobRequest } from '@aisvc/contracts';
import { testServices, uniqueName, waitFor } from '@aisvc/testkit';
import { connectRedis } from './connections.js';
import { bullJobId } from './job-catalog.js';
import { createRecommendationWorker, DeferJobError, NonRetryableJobError, RecommendationQueue, type QueuedJob } from './job-queue.js';

const request = (jobId: string): JobRequest => ({
  jobId, eventId: `EVT-${jobId}`, objective: '신규 고객 유치', industry: '카페', region: '성동구', season: '겨울',
});

let producer: Redis;
let workerConnection: Redis;
const workers: Worker[] = [];
const queues: RecommendationQueue[] = [];

beforeAll(async () => {
  producer = await connectRedis(testServices.redisUrl, 'producer');
  workerConnection = await connectRedis(testServices.redisUrl, 'worker');
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all(queues.map((q) => q.queue.obliterate({ force: true }).then(() => q.close())));
  await producer.quit();
  await workerConnection.quit();
});

function newQueue() {
  const location = { name: uniqueName('q'), prefix: 'bull-test' };
  const queue = new RecommendationQueue(producer, location);
  queues.push(queue);
  return { queue, location };
}

describe('bullJobId', () => {
  it('is deterministic, never a plain integer, never contains ":"', () => {
    expect(bullJobId('12345')).toBe(bullJobId('12345'));
    expect(Number.isInteger(Number(bullJobId('12345')))).toBe(false);
    expect(bullJobId('JOB-AI-1')).not.toContain(':');
  });
});

describe('RecommendationQueue', () => {
  it('adds one job per jobId with the catalog options, however often it is called', async () => {
    const { queue } = newQueue();
    const ids = await Promise.all([queue.enqueue(request('A1')), queue.enqueue(request('A1')), queue.enqueue(request('A1'))]);
    expect(new Set(ids)).toEqual(new Set(['ai-A1']));
    expect(await queue.queue.getJobCounts('waiting', 'active', 'delayed', 'completed')).toMatchObject({ waiting: 1 });
    const job = await queue.queue.getJob('ai-A1');
    expect(job?.data).toEqual(request('A1'));
    expect(job?.opts).toMatchObject({ attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
  });

  it('replaces a finished job only when asked to', async () => {
    const { queue, location } = newQueue();
    const worker = createRecommendationWorker(workerConnection, { ...location, concurrency: 1 }, async () => undefined);
    workers.push(worker);
    await queue.enqueue(request('F1'));
    await waitFor(async () => (await queue.queue.getJob('ai-F1'))?.isCompleted(), { what: 'F1 completed' });
    await worker.close();

    await queue.enqueue(request('F1'));
    expect(await queue.queue.getJobState('ai-F1')).toBe('completed');
    await queue.enqueue(request('F1'), { replaceFinished: true });
    expect(await queue.queue.getJobState('ai-F1')).toBe('waiting');
  });

  it('numeric jobIds are accepted', async () => {
    const { queue } = newQueue();
    await expect(queue.enqueue(request('12345'))).resolves.toBe('ai-12345');
  });
});

describe('createRecommendationWorker', () => {
  it('hands the job to the handler with its attempt and progress reporting', async () => {
    const { queue, location } = newQueue();
    const seen: QueuedJob[] = [];
    const worker = createRecommendationWorker(workerConnection, { ...location, concurrency: 1 }, async (job) => {
      seen.push(job);
      await job.reportProgress(42);
    });
    workers.push(worker);
    await queue.enqueue(request('W1'));
    const job = await waitFor(async () => ((await queue.queue.getJobState('ai-W1')) === 'completed' ? queue.queue.getJob('ai-W1') : undefined), { what: 'job ai-W1 completed' });
    expect(job.progress).toBe(42);
    expect(seen[0]).toMatchObject({ attempt: 1, maxAttempts: 3, data: request('W1') });
  });

  it('DeferJobError puts the job back delayed, freeing its slot and using no attempt', async () => {
    const { queue, location } = newQueue();
    const runs: { attempt: number; resumed: boolean | undefined; deferrable: boolean }[] = [];
    const worker = createRecommendationWorker(workerConnection, { ...location, concurrency: 1 }, async (job) => {
      runs.push({ attempt: job.attempt, resumed: job.resumed, deferrable: job.deferrable });
      if (runs.length < 3) throw new DeferJobError(Date.now() + 30, 'waiting for something');
    });
    workers.push(worker);
    await queue.enqueue(request('D1'));
    // Read the job after it is known to be completed: a copy read before could predate the finish.
    const job = await waitFor(async () => ((await queue.queue.getJobState('ai-D1')) === 'completed' ? queue.queue.getJob('ai-D1') : undefined), { what: 'D1 completed' });
    expect(runs).toEqual([
      { attempt: 1, resumed: false, deferrable: true },
      { attempt: 1, resumed: true, deferrable: true },
      { attempt: 1, resumed: true, deferrable: true },
    ]);
    expect(job.attemptsMade).toBe(1);
    expect(job.attemptsStarted).toBe(3);
  });

  it('fails a job at once on NonRetryableJobError, retries other errors', async () => {
    const { queue, location } = newQueue();
    const attempts: Record<string, number> = {};
    const worker = createRecommendationWorker(workerConnection, { ...location, concurrency: 2 }, async (job) => {
      attempts[job.data.jobId] = job.attempt;
      if (job.data.jobId === 'P1') throw new NonRetryableJobError('bad data');
      if (job.attempt < 2) throw new Error('transient');
    });
    workers.push(worker);
    await queue.queue.add('generate-recommendations', request('P1'), { jobId: 'ai-P1', attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    await queue.queue.add('generate-recommendations', request('R1'), { jobId: 'ai-R1', attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    await waitFor(async () => (await queue.queue.getJob('ai-P1'))?.isFailed(), { what: 'P1 failed' });
    await waitFor(async () => (await queue.queue.getJob('ai-R1'))?.isCompleted(), { what: 'R1 completed' });
    expect((await queue.queue.getJob('ai-P1'))?.attemptsMade).toBe(1);
    expect(attempts).toEqual({ P1: 1, R1: 2 });
  });
});
