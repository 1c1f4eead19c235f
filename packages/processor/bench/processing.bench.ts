/**
 * Processing benchmark: the real recommendation processor against a BullMQ
 * no-op worker, on the same Redis, in the same process, in the same run.
 * Shared machines drift, so the figure to compare across runs is the ratio.
 *
 *   baseline  BullMQ Worker whose processor does nothing.
 *   subject   createRecommendationWorker + createRecommendationProcessor +
 *             RedisAiStore + createRuleBasedProvider, as apps/worker wires them;
 *             jobs spread over BENCH_PAIRS industry/region pairs, so after the
 *             first job of each pair every trend lookup is a cache hit.
 *
 * Both phases use the same queue shape: the catalog's job options
 * (attempts 3, removeOnComplete count 10 000), deterministic job ids, the same
 * payloads, one worker with BENCH_CONCURRENCY. Jobs are added first
 * (addBulk in batches); the clock runs from the worker's creation to the N-th
 * `completed` event, so jobs/s is processing throughput alone.
 *
 * The phases alternate for BENCH_ROUNDS rounds (baseline, subject, baseline,
 * subject, ...), each on a fresh queue and key prefix; the headline ratio is the
 * median of the rounds' ratios, so a burst of load from a neighbour moves one
 * round, not the result. "cpu µs/job" is this process's CPU time (user + system)
 * per job during the timed window: Redis's own CPU is not in it.
 *
 * Knobs: BENCH_SMOKE=1 (CI: 50 jobs, 1 round, no warm-up), BENCH_JOBS (4000 per phase per round), BENCH_ROUNDS (3),
 * BENCH_CONCURRENCY (10), BENCH_BATCH (1000), BENCH_PAIRS (6),
 * BENCH_WARMUP_JOBS (500), BENCH_LOG_LEVEL (info; the processor's log lines
 * are formatted as in production and written to /dev/null),
 * BENCH_DEADLINE_MS (45000), REDIS_URL.
 *
 * Run: pnpm --filter @aisvc/processor bench
 */
import { performance } from 'node:perf_hooks';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { createRuleBasedProvider } from '@aisvc/ai-providers';
import type { JobRequest } from '@aisvc/contracts';
import { createLogger } from '@aisvc/logging';
import {
  bullJobId,
  connectRedis,
  createRecommendationWorker,
  jobCatalog,
  RECOMMENDATION_JOB,
  RecommendationQueue,
  type QueuedJob,
} from '@aisvc/queue';
import { RedisAiStore } from '@aisvc/store';
import { intEnv, logLevelEnv, median, percentile, scanDelete, testServices, uniqueName } from '@aisvc/testkit';
import { createRecommendationProcessor } from '../src/index.js';

// ------------------------------------------------------------------ settings

const settings = {
  jobs: intEnv('BENCH_JOBS', 4_000, 1, 50),
  rounds: intEnv('BENCH_ROUNDS', 3, 1, 1),
  concurrency: intEnv('BENCH_CONCURRENCY', 10),
  batch: intEnv('BENCH_BATCH', 1_000),
  pairs: intEnv('BENCH_PAIRS', 6),
  warmupJobs: intEnv('BENCH_WARMUP_JOBS', 500, 0, 0),
  logLevel: logLevelEnv(),
  deadlineMs: intEnv('BENCH_DEADLINE_MS', 45_000),
};
const QUEUE_PREFIX = 'bull';
const deadline = Date.now() + settings.deadlineMs;

// ------------------------------------------------------------------ payloads

const INDUSTRIES = ['카페', '음식점', '미용실', '헬스장', '주점', '학원', '꽃집', '베이커리'];
const REGIONS = ['성동구', '강남구', '마포구', '해운대구', '수원시'];

/**
 * Job i of a run. Job i uses pair i mod BENCH_PAIRS (industry i mod 8, region
 * i mod 5: 40 distinct pairs before a suffix is needed), so a handful of trend
 * keys serve every job, as in production.
 */
function request(run: string, i: number): JobRequest {
  const pair = i % settings.pairs;
  const region = REGIONS[pair % REGIONS.length] ?? '성동구';
  return {
    jobId: `${run}-${i}`,
    eventId: `EVT-${run}-${i}`,
    objective: '신규 고객 유치',
    industry: INDUSTRIES[pair % INDUSTRIES.length] ?? '카페',
    region: pair < INDUSTRIES.length * REGIONS.length ? region : `${region}-${pair}`,
    season: '겨울',
  };
}

// ------------------------------------------------------------------ figures

interface PhaseResult {
  name: string;
  jobs: number;
  seconds: number;
  addSeconds: number;
  /** job.finishedOn − job.timestamp (added → completed), ms. */
  latency: number[];
  /** job.finishedOn − job.processedOn (taken → completed), ms. */
  active: number[];
  /** This process's CPU time (user + system) during the timed window, µs. */
  cpuMicros: number;
  /** Subject only: provider trend analyses (cache misses). */
  trendAnalyses?: number;
}

/** Several rounds of one phase as one row: totals, pooled latencies. */
function pooled(name: string, runs: PhaseResult[]): PhaseResult {
  const sum = (pick: (r: PhaseResult) => number) => runs.reduce((total, r) => total + pick(r), 0);
  return {
    name,
    jobs: sum((r) => r.jobs),
    seconds: sum((r) => r.seconds),
    addSeconds: sum((r) => r.addSeconds),
    latency: runs.flatMap((r) => r.latency),
    active: runs.flatMap((r) => r.active),
    cpuMicros: sum((r) => r.cpuMicros),
    trendAnalyses: sum((r) => r.trendAnalyses ?? 0),
  };
}

const throughput = (r: PhaseResult) => r.jobs / r.seconds;

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const rss = () => process.memoryUsage().rss;

function table(rows: PhaseResult[]): string {
  const header = ['name', 'jobs', 'seconds', 'jobs/s', 'p50 ms', 'p99 ms', 'active p50 ms', 'active p99 ms', 'cpu µs/job', 'addBulk jobs/s'];
  const body = rows.map((r) => {
    const lat = [...r.latency].sort((a, b) => a - b);
    const act = [...r.active].sort((a, b) => a - b);
    return [
      r.name,
      String(r.jobs),
      r.seconds.toFixed(2),
      (r.jobs / r.seconds).toFixed(0),
      percentile(lat, 0.5).toFixed(0),
      percentile(lat, 0.99).toFixed(0),
      percentile(act, 0.5).toFixed(1),
      percentile(act, 0.99).toFixed(1),
      (r.cpuMicros / r.jobs).toFixed(0),
      (r.jobs / r.addSeconds).toFixed(0),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

// ------------------------------------------------------------------ phases

interface Resources {
  producer: Redis;
  workerRedis: Redis;
  cacheRedis: Redis;
  queues: RecommendationQueue[];
  keyPrefixes: string[];
  cleaned: { queues: number; keyPrefixes: number };
}

type Kind = 'baseline' | 'subject';

async function addJobs(queue: RecommendationQueue, run: string, n: number): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < n; from += settings.batch) {
    const batch = [];
    for (let i = from; i < Math.min(n, from + settings.batch); i += 1) {
      const data = request(run, i);
      batch.push({ name: RECOMMENDATION_JOB, data, opts: { ...jobCatalog[RECOMMENDATION_JOB].options, jobId: bullJobId(data.jobId) } });
    }
    await queue.queue.addBulk(batch);
  }
  const seconds = (performance.now() - started) / 1000;
  const waiting = await queue.queue.getWaitingCount();
  if (waiting !== n) throw new Error(`${queue.queue.name}: added ${n} jobs but ${waiting} are waiting`);
  return seconds;
}

async function runPhase(res: Resources, kind: Kind, name: string, n: number): Promise<PhaseResult> {
  const run = uniqueName(`bench-${kind}`);
  const location = { name: run, prefix: QUEUE_PREFIX };
  const queue = new RecommendationQueue(res.producer, location);
  queue.queue.on('error', () => undefined); // connection errors surface as failed commands
  res.queues.push(queue);
  const addSeconds = await addJobs(queue, run, n);

  let handler: ((job: QueuedJob) => Promise<unknown>) | undefined;
  let store: RedisAiStore | undefined;
  let trendAnalyses = 0;
  if (kind === 'subject') {
    const keyPrefix = `${run}:`;
    res.keyPrefixes.push(keyPrefix);
    store = new RedisAiStore(res.cacheRedis, { keyPrefix });
    const logger = createLogger({ service: 'bench-worker', level: settings.logLevel, destination: pino.destination({ dest: '/dev/null', sync: true }) });
    const provider = createRuleBasedProvider();
    handler = createRecommendationProcessor({
      store,
      // The real provider; only counts trend analyses, i.e. trend cache misses.
      provider: { ...provider, analyseTrends: (query, signal) => { trendAnalyses += 1; return provider.analyseTrends(query, signal); } },
      logger,
    });
  }

  const latency: number[] = [];
  const active: number[] = [];
  let failure: Error | undefined;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { resolveDone = resolve; });
  const onCompleted = (job: Job<JobRequest, unknown>) => {
    if (job.finishedOn !== undefined) {
      latency.push(job.finishedOn - job.timestamp);
      if (job.processedOn !== undefined) active.push(job.finishedOn - job.processedOn);
    }
    if (latency.length >= n) resolveDone();
  };
  const onFailed = (job: Job<JobRequest, unknown> | undefined, error: Error) => {
    failure ??= new Error(`${name}: job ${job?.id ?? '?'} failed: ${error.message}`);
    resolveDone();
  };

  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const worker =
    handler === undefined
      ? new Worker<JobRequest, unknown>(run, () => Promise.resolve(), { connection: res.workerRedis, prefix: QUEUE_PREFIX, concurrency: settings.concurrency })
      : createRecommendationWorker(res.workerRedis, { ...location, concurrency: settings.concurrency }, handler);
  worker.on('completed', onCompleted);
  worker.on('failed', onFailed);
  worker.on('error', (error) => { failure ??= error; resolveDone(); });

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, Math.max(0, deadline - Date.now())); });
  let seconds: number;
  let cpuMicros: number;
  try {
    await Promise.race([done, timeout]);
    seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    cpuMicros = cpu.user + cpu.system;
  } finally {
    clearTimeout(timer);
    await worker.close();
  }
  if (failure) throw failure;
  if (latency.length < n) throw new Error(`${name}: only ${latency.length} of ${n} jobs completed before the deadline (BENCH_DEADLINE_MS=${settings.deadlineMs})`);
  const counts = await queue.queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children');
  const left = Object.entries(counts).filter(([, count]) => count > 0);
  if (left.length > 0) throw new Error(`${name}: ${n} jobs completed, yet jobs are left: ${JSON.stringify(Object.fromEntries(left))}`);
  if (store) {
    // Spot check: the last job's result and final status are in Redis.
    const last = request(run, n - 1);
    const [status, result] = await Promise.all([store.getStatus(last.jobId), store.getRecommendation(last.eventId)]);
    if (status?.status !== 'COMPLETED' || result?.recommendations.length !== 3) {
      throw new Error(`${name}: job ${last.jobId} has status ${status?.status ?? 'none'} and ${result?.recommendations.length ?? 0} recommendations`);
    }
    return { name, jobs: n, seconds, addSeconds, latency, active, cpuMicros, trendAnalyses };
  }
  return { name, jobs: n, seconds, addSeconds, latency, active, cpuMicros };
}

// ------------------------------------------------------------------ cleanup

/** Obliterates the queues and deletes the key prefixes made so far (and forgets them). */
async function cleanup(res: Resources): Promise<string[]> {
  const problems: string[] = [];
  const queues = res.queues.splice(0);
  const keyPrefixes = res.keyPrefixes.splice(0);
  res.cleaned.queues += queues.length;
  res.cleaned.keyPrefixes += keyPrefixes.length;
  const attempt = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for (const queue of queues) {
    await attempt(`obliterate ${queue.queue.name}`, () => queue.queue.obliterate({ force: true }));
    await queue.close().catch(() => undefined);
    // Whatever obliterate left (it should be nothing).
    await attempt(`delete keys of ${queue.queue.name}`, async () => {
      const left = await scanDelete(res.producer, `${QUEUE_PREFIX}:${queue.queue.name}:*`);
      if (left > 0) throw new Error(`${left} keys were left after obliterate (deleted now)`);
    });
  }
  for (const prefix of keyPrefixes) await attempt(`delete ${prefix}*`, () => scanDelete(res.cacheRedis, `${prefix}*`));
  return problems;
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const rssStart = rss();
  const onError = (error: Error) => console.error(`redis connection error: ${error.message}`);
  const res: Resources = {
    producer: await connectRedis(testServices.redisUrl, 'producer', { name: 'bench:producer', onError }),
    workerRedis: await connectRedis(testServices.redisUrl, 'worker', { name: 'bench:worker', onError }),
    cacheRedis: await connectRedis(testServices.redisUrl, 'client', { name: 'bench:cache', onError }),
    queues: [],
    keyPrefixes: [],
    cleaned: { queues: 0, keyPrefixes: 0 },
  };
  let failed = false;
  try {
    console.log(
      `processing bench: ${settings.rounds} rounds of ${settings.jobs} jobs per phase, concurrency ${settings.concurrency}, addBulk batches of ${settings.batch}, ` +
        `${settings.pairs} industry/region pairs, log level ${settings.logLevel} (to /dev/null), redis ${testServices.redisUrl}`,
    );
    console.log('timing: jobs pre-added; clock from worker creation to the last completed job. p50/p99: added → completed (queue wait included); active: taken → completed.');
    /** Runs a phase, then drops its queue and keys at once (outside the timed window). */
    const phase = async (kind: Kind, name: string, n: number) => {
      const result = await runPhase(res, kind, name, n);
      const problems = await cleanup(res);
      if (problems.length > 0) throw new Error(`cleanup after ${name}: ${problems.join('; ')}`);
      return result;
    };
    if (settings.warmupJobs > 0) {
      await phase('baseline', 'warm-up baseline', settings.warmupJobs);
      await phase('subject', 'warm-up subject', settings.warmupJobs);
      console.log(`warm-up: ${settings.warmupJobs} jobs per phase, not counted`);
    }
    const rssBefore = rss();
    const baselines: PhaseResult[] = [];
    const subjects: PhaseResult[] = [];
    for (let round = 1; round <= settings.rounds; round += 1) {
      baselines.push(await phase('baseline', `baseline round ${round}`, settings.jobs));
      subjects.push(await phase('subject', `subject round ${round}`, settings.jobs));
    }
    const rssAfter = rss();
    const ratios = subjects.map((subject, i) => throughput(subject) / throughput(baselines[i] ?? subject));
    const baseline = pooled('baseline: BullMQ no-op worker', baselines);
    const subject = pooled('subject: recommendation processor', subjects);

    console.log('');
    console.log(table([baseline, subject]));
    console.log('');
    console.log(`rounds (jobs/s baseline → subject): ${baselines.map((b, i) => `${throughput(b).toFixed(0)} → ${throughput(subjects[i] ?? b).toFixed(0)}`).join(', ')}`);
    console.log(`rss: start ${mb(rssStart)}, before the rounds ${mb(rssBefore)}, after ${mb(rssAfter)}`);
    console.log(`trend cache: ${subject.trendAnalyses ?? 0} analyses (misses) for ${subject.jobs} jobs (${settings.pairs} pairs, a fresh key prefix per round)`);
    console.log(`cpu per job subject/baseline = ${(subject.cpuMicros / subject.jobs / (baseline.cpuMicros / baseline.jobs)).toFixed(1)}x (this process only)`);
    console.log(`ratio subject/baseline = ${median(ratios).toFixed(2)} (median of ${settings.rounds} rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; pooled ${(throughput(subject) / throughput(baseline)).toFixed(2)})`);
  } catch (error) {
    failed = true;
    console.error(`processing bench FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    const problems = await cleanup(res).catch((error: unknown) => [`cleanup: ${error instanceof Error ? error.message : String(error)}`]);
    for (const problem of problems) console.error(`cleanup: ${problem}`);
    if (problems.length > 0) failed = true;
    else console.log(`cleanup: ${res.cleaned.queues} queues obliterated, keys under ${res.cleaned.keyPrefixes} prefixes deleted`);
    await Promise.all([res.producer.quit(), res.workerRedis.quit(), res.cacheRedis.quit()]).catch(() => undefined);
  }
  process.exitCode = failed ? 1 : 0;
}

// A last resort: whatever hangs, the bench ends (the per-phase deadline normally fires first).
setTimeout(() => {
  console.error('processing bench: hard timeout, exiting');
  process.exit(2);
}, settings.deadlineMs + 10_000).unref();

await main();
