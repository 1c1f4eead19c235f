/**
 * What the fault scenarios share: their messages, and exact counts of what the bridges made
 * of them, read from the BullMQ queue, the status keys and the DLQ topic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { compileSchema, JobStatus, redisKeys, type JobRequest } from '@aisvc/contracts';
import { bullJobId } from '@aisvc/queue';
import {
  describeTopic, isolatedEnv, startApp, streamMessages, waitFor, type AppProcess, type IsolatedEnv, type LogLine, type MessageStream,
} from '@aisvc/testkit';

const statusChecker = compileSchema(JobStatus);

/** A valid ai-job-request value; `patch` overrides or adds fields. */
export const request = (jobId: string, patch: Record<string, unknown> = {}): string =>
  JSON.stringify({ jobId, eventId: `EVT-${jobId}`, objective: '신규 고객 유치', industry: '음식점', region: '강남구', ...patch });

/** `count` valid messages keyed by eventId (spread over the partitions), with their jobIds. */
function validMessages(label: string, count: number): { jobIds: string[]; messages: { key: string; value: string }[] } {
  const jobIds = Array.from({ length: count }, (_, i) => `${label}-${String(i).padStart(5, '0')}`);
  return { jobIds, messages: jobIds.map((jobId) => ({ key: `EVT-${jobId}`, value: request(jobId) })) };
}

/** A test's own topics, group, queue and key prefix on the dedicated services, with 3 partitions. */
const faultEnv = (label: string, extra: Record<string, string> = {}): IsolatedEnv => ({
  ...isolatedEnv(label),
  KAFKA_TOPIC_PARTITIONS: '3',
  ...extra,
});

// Every app a scenario started is killed after it, whatever happened; its connections closed.
// After a failure, their logs stay in .fault-logs/ for a post-mortem.
const apps: AppProcess[] = [];
const outcomes: Outcome[] = [];
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    const dir = join(import.meta.dirname, '../../.fault-logs', `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${task.name.replace(/\W+/g, '-').slice(0, 50)}`);
    mkdirSync(dir, { recursive: true });
    for (const app of apps) writeFileSync(join(dir, `${app.name}-${app.pid}.log`), app.logs.map((l) => JSON.stringify(l)).concat(app.otherOutput).join('\n'));
    console.log(`logs of the apps: ${dir}`);
  }
  await Promise.all(apps.splice(0).map((app) => app.kill()));
  await Promise.all(outcomes.splice(0).map((outcome) => outcome.close()));
});

/** startApp, and the process is killed after the test if it still runs. */
export async function launch(name: 'kafka-bridge' | 'worker', env: Record<string, string>): Promise<AppProcess> {
  const app = await startApp(name, env, 60_000);
  apps.push(app);
  return app;
}

/** `wait`, failed at once if one of `apps` exits by itself meanwhile (a crash, not a kill of the test's). */
export function whileRunning<T>(apps: AppProcess[], wait: Promise<T>): Promise<T> {
  return Promise.race([wait, ...apps.map((app) => app.exitedByItself)]);
}

const timeOf = (line: LogLine): number => Date.parse(String(line['time']));

/** The bridge's (re)joins of the consumer group: when, and the partitions it got. */
export const joins = (bridge: AppProcess): { at: number; partitions: number[] }[] =>
  bridge.logs
    .filter((l) => l.msg === 'joined the consumer group')
    .map((l) => ({ at: timeOf(l), partitions: Array.isArray(l['partitions']) ? l['partitions'].map(Number) : [] }));

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** Messages the bridge turned into a job: when, where from, and whether the status existed (a redelivery). */
export const accepted = (bridge: AppProcess): { at: number; jobId: string; partition: number; offset: bigint; redelivered: boolean }[] =>
  bridge.logs
    .filter((l) => l.msg === 'requests accepted')
    .flatMap((l) => {
      const offsets = strings(l['offsets']);
      const redelivered = new Set(strings(l['redelivered']));
      return strings(l['jobIds']).map((jobId, i) => ({
        at: timeOf(l),
        jobId,
        partition: Number(l['partition']),
        offset: BigInt(offsets[i] ?? '-1'),
        redelivered: redelivered.has(jobId),
      }));
    });

/** Lines at level error or fatal, by message, e.g. { 'redis connection error': 12 }. */
export function errorsLogged(bridge: AppProcess): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of bridge.logs) {
    if (line['level'] === 'error' || line['level'] === 'fatal') counts[line.msg ?? '?'] = (counts[line.msg ?? '?'] ?? 0) + 1;
  }
  return counts;
}

/** Waits until every bridge's latest join holds a share of the 3 partitions, together all of them once. */
export async function stableAssignment(bridges: AppProcess[], timeoutMs = 60_000): Promise<number[][]> {
  return waitFor(
    () => {
      const shares = bridges.map((b) => joins(b).at(-1)?.partitions ?? []);
      const all = shares.flat().sort();
      return shares.every((s) => s.length > 0) && all.join() === '0,1,2' ? shares : undefined;
    },
    { what: 'every bridge to hold a share of the 3 partitions', timeoutMs, intervalMs: 100 },
  );
}

/**
 * A scenario's setting: its env (own topics with 3 partitions, group, queue, key prefix, plus
 * `extra`), `count` valid requests (label-00000…), and what the bridges make of them
 * (`seen`, closed after the test).
 */
export function scenario(label: string, count: number, extra: Record<string, string> = {}) {
  const env = faultEnv(label, extra);
  const seen = new Outcome(env);
  outcomes.push(seen);
  return { env, seen, ...validMessages(label.toUpperCase(), count) };
}

/** The queue, statuses and DLQ of one scenario's env, read with a connection that fails fast while Redis is down. */
export class Outcome {
  readonly redis: Redis;
  readonly queue: Queue<JobRequest>;
  private readonly prefix: string;

  constructor(readonly env: IsolatedEnv) {
    this.prefix = env['QUEUE_PREFIX'] ?? 'bull';
    // Fail fast instead of queueing while Redis is down: every probe is polled again anyway.
    this.redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
    this.queue = new Queue(env.QUEUE_NAME, { connection: this.redis, prefix: this.prefix });
    this.queue.on('error', () => undefined); // connection refused while Redis is down: expected
  }

  /**
   * Streams `messages` to the request topic, never more than `ahead` past the jobs made: a
   * fault injected after some progress then lands mid-stream, whatever the machine's speed.
   * While Redis is down the stream waits too (Kafka keeps what it has).
   */
  stream(messages: { key: string; value: string }[], ahead = 1_000): MessageStream {
    return streamMessages(this.env.KAFKA_REQUEST_TOPIC, messages, { ready: async (sent) => sent - (await this.jobCount()) < ahead });
  }

  /** Waits until the queue holds `count` jobs or more, failing at once if one of `apps` exits by itself. */
  async waitForJobs(count: number, apps: AppProcess[]): Promise<void> {
    await whileRunning(apps, waitFor(async () => (await this.jobCount()) >= count, { what: `${count} jobs`, timeoutMs: 120_000, intervalMs: 50 }));
  }

  /** Jobs in the queue, in any state. */
  async jobCount(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'waiting-children');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  async waitingCount(): Promise<number> {
    return this.queue.getWaitingCount();
  }

  /** Status keys of this env's prefix. */
  async statusKeys(): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${this.env.KEY_PREFIX}${redisKeys.jobStatus('*')}`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  }

  /** Records in the DLQ topic. */
  async deadLetterCount(): Promise<number> {
    return (await describeTopic(this.env.KAFKA_DLQ_TOPIC)).records;
  }

  /** Waits until the queue holds `count` jobs and as many statuses exist (failing with the counts reached). */
  async waitForTotals(count: number, timeoutMs = 120_000): Promise<void> {
    let last = { jobs: 0, statuses: 0 };
    try {
      await waitFor(
        async () => {
          last = { jobs: await this.jobCount(), statuses: (await this.statusKeys()).length };
          return last.jobs >= count && last.statuses >= count;
        },
        { what: `${count} jobs and statuses`, timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; reached ${last.jobs} jobs, ${last.statuses} statuses`);
    }
  }

  /**
   * Exactly one BullMQ job (`ai-{jobId}`) and one status per expected jobId, nothing else:
   * the jobs listed by id in the wait list (a job added twice would stand there twice),
   * the statuses by key, each a valid record of its job in state `status`.
   */
  async expectExactlyOnce(jobIds: string[], status: JobStatus['status'] = 'PENDING'): Promise<void> {
    const expectedJobs = new Set(jobIds.map(bullJobId));
    const listed = status === 'PENDING'
      ? await this.redis.lrange(`${this.prefix}:${this.env.QUEUE_NAME}:wait`, 0, -1)
      : (await this.queue.getJobs([status === 'COMPLETED' ? 'completed' : 'failed'], 0, -1)).map((job) => job.id ?? '');
    const listedSet = new Set(listed);
    const statusKeys = new Set(await this.statusKeys());
    const statusKey = (jobId: string) => `${this.env.KEY_PREFIX}${redisKeys.jobStatus(jobId)}`;
    const expectedKeys = new Set(jobIds.map(statusKey));
    const values = jobIds.length > 0 ? await this.redis.mget(jobIds.map(statusKey)) : [];
    const wrongStatuses = jobIds.filter((jobId, i) => {
      const value: unknown = JSON.parse(values[i] ?? 'null');
      return !statusChecker.check(value) || value.jobId !== jobId || value.status !== status;
    });
    const summary = {
      jobs: listed.length,
      distinctJobs: listedSet.size,
      jobsMissing: [...expectedJobs].filter((id) => !listedSet.has(id)).length,
      jobsUnexpected: listed.filter((id) => !expectedJobs.has(id)).slice(0, 5),
      totalJobsInQueue: await this.jobCount(),
      statuses: statusKeys.size,
      statusesMissing: [...expectedKeys].filter((key) => !statusKeys.has(key)).length,
      statusesNot: { [status]: wrongStatuses.slice(0, 5) },
    };
    expect(summary).toEqual({
      jobs: jobIds.length,
      distinctJobs: jobIds.length,
      jobsMissing: 0,
      jobsUnexpected: [],
      totalJobsInQueue: jobIds.length,
      statuses: jobIds.length,
      statusesMissing: 0,
      statusesNot: { [status]: [] },
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}
