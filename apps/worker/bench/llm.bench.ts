// `pnpm bench:llm`: the real worker process against a fake LLM vendor answering
// after a fixed latency L. Throughput at worker concurrency 10, 50 and 200 with
// the trends cached (one plans call per job) against the ideal concurrency ÷ L,
// the worker's peak RSS, and a cold burst over k (industry, region) pairs that
// must make exactly k trend calls. Each concurrency first runs one untimed job per
// slot (a worker that has been up a while: compiled code, open vendor connections);
// the timed run is read two ways: sustained (first wave's end → last wave's start,
// the rate a saturated worker keeps up) and whole (addBulk → last job, with the one
// synchronised first wave and the drain).
//
// Knobs: BENCH_LATENCY_MS (1000), BENCH_LLM_CONCURRENCY ("10,50,200"),
// BENCH_JOBS_PER_SLOT (10 jobs per worker slot), BENCH_COLD_PAIRS (5),
// BENCH_COLD_JOBS_PER_PAIR (40), BENCH_DEADLINE_MS (120000), BENCH_NODE_OPTIONS (the worker's
// NODE_OPTIONS; default --max-old-space-size=192, as shipped). BENCH_SMOKE=1 runs
// tiny sizes (CI) and asserts nothing about speed.
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { JobRequest } from '@aisvc/contracts';
import { createRuleBasedProvider, sampleLlmAnswers } from '@aisvc/ai-providers';
import { bullJobId, connectRedis, jobCatalog, RECOMMENDATION_JOB, RecommendationQueue } from '@aisvc/queue';
import { RedisAiStore } from '@aisvc/store';
import {
  anthropicReplies,
  intEnv,
  isolatedEnv,
  peakRssMb,
  percentile,
  requestedOutput,
  scanDelete,
  smokeMode,
  startApp,
  startFakeVendor,
  testServices,
  type AppProcess,
  type FakeVendor,
} from '@aisvc/testkit';

const smoke = smokeMode();
const settings = {
  latencyMs: intEnv('BENCH_LATENCY_MS', 1_000, 1, 100),
  concurrencies: (process.env['BENCH_LLM_CONCURRENCY'] ?? (smoke ? '2,4' : '10,50,200')).split(',').map((c) => Number(c.trim())),
  jobsPerSlot: intEnv('BENCH_JOBS_PER_SLOT', 10, 1, 3),
  coldPairs: intEnv('BENCH_COLD_PAIRS', 5, 1, 2),
  coldJobsPerPair: intEnv('BENCH_COLD_JOBS_PER_PAIR', 40, 1, 3),
  deadlineMs: intEnv('BENCH_DEADLINE_MS', 120_000, 1_000, 60_000),
  /** The worker as production runs it (dist/, built by the bench script) unless BENCH_FROM_SOURCE=1. */
  build: process.env['BENCH_FROM_SOURCE'] === '1' ? ('source' as const) : ('built' as const),
};
if (settings.concurrencies.some((c) => !Number.isInteger(c) || c < 1 || c > 500)) throw new Error('BENCH_LLM_CONCURRENCY must list integers 1..500');
const deadline = Date.now() + settings.deadlineMs;
/** The heap limit the worker ships with (Dockerfile, scripts/run-system.mjs). */
const WORKER_NODE_OPTIONS = '--max-old-space-size=192';

const PAIRS = [['카페', '성동구'], ['음식점', '강남구'], ['미용실', '마포구'], ['헬스장', '송파구'], ['베이커리', '해운대구'], ['주점', '종로구'], ['학원', '노원구'], ['꽃집', '수원시']] as const;
const pairOf = (i: number) => PAIRS[i % PAIRS.length] ?? PAIRS[0];
const request = (run: string, i: number, pairs: number): JobRequest => {
  const [industry, region] = pairOf(i % pairs);
  // Past the table, a numbered region keeps pairs distinct.
  const suffix = i % pairs >= PAIRS.length ? `-${i % pairs}` : '';
  return { jobId: `${run}-${i}`, eventId: `EVT-${run}-${i}`, objective: '신규 고객 유치', industry, region: `${region}${suffix}`, season: '겨울' };
};

/** CPU time (user + system) a process has used so far, ms (from /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat, i.e. 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Phase {
  queue: RecommendationQueue;
  keyPrefix: string;
  worker: AppProcess;
}

async function startPhase(redis: Redis, fake: FakeVendor, label: string, concurrency: number): Promise<Phase> {
  const env = isolatedEnv(`bench-llm-${label}`);
  const worker = await startApp('worker', {
    ...env,
    WORKER_CONCURRENCY: String(concurrency),
    ANTHROPIC_API_KEY: 'bench-key',
    CLAUDE_BASE_URL: fake.baseURL,
    CLAUDE_RPM: '1000000',
    CLAUDE_TPM: '1000000000',
    // The code under test logs at info, as in production; its lines are parsed by the harness.
    LOG_LEVEL: 'info',
    // As shipped (Dockerfile, pnpm start) unless told otherwise, e.g.
    // "--max-old-space-size=192 --cpu-prof --cpu-prof-dir=/tmp/prof" to see where the worker spends its time.
    NODE_OPTIONS: process.env['BENCH_NODE_OPTIONS'] ?? WORKER_NODE_OPTIONS,
  }, 30_000, settings.build);
  return { queue: new RecommendationQueue(redis, { name: env.QUEUE_NAME, prefix: 'bull' }), keyPrefix: env.KEY_PREFIX, worker };
}

async function stopPhase(redis: Redis, phase: Phase): Promise<void> {
  await phase.worker.stop();
  await phase.queue.queue.obliterate({ force: true });
  await phase.queue.close();
  await scanDelete(redis, `${phase.keyPrefix}*`);
}

interface RunFigures {
  /** From the addBulk to the last completion. */
  seconds: number;
  /** Jobs per second between the first wave's last completion and the last wave's first (NaN with fewer than 3 waves). */
  sustained: number;
  /** Per job, ms: taken by the worker → finished. */
  active: number[];
  /** Per job, ms: added → taken by the worker. */
  queued: number[];
}

/** Adds `requests` and waits for all of them: seconds from the add to the last completion, per-job timings. */
async function runJobs(phase: Phase, requests: JobRequest[]): Promise<RunFigures> {
  const started = Date.now();
  await phase.queue.queue.addBulk(requests.map((data) => ({ name: RECOMMENDATION_JOB, data, opts: { ...jobCatalog[RECOMMENDATION_JOB].options, jobId: bullJobId(data.jobId) } })));
  for (;;) {
    const counts = await phase.queue.queue.getJobCounts('completed', 'failed');
    if ((counts['failed'] ?? 0) > 0) throw new Error(`${counts['failed']} jobs failed`);
    if (counts['completed'] === requests.length) break;
    if (Date.now() > deadline) {
      const states = await phase.queue.queue.getJobCounts('active', 'wait', 'delayed', 'completed', 'failed');
      const problems = phase.worker.logs.filter((l) => l['level'] === 'warn' || l['level'] === 'error').slice(0, 5).map((l) => `${String(l.msg)} ${JSON.stringify(l['err'] ?? l['reason'] ?? '')}`);
      throw new Error(`only ${counts['completed'] ?? 0} of ${requests.length} jobs completed before the deadline (BENCH_DEADLINE_MS=${settings.deadlineMs}); queue ${JSON.stringify(states)}; worker said: ${problems.join(' | ') || 'nothing at warn'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const jobs = await phase.queue.queue.getJobs(['completed'], 0, requests.length);
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const finished = sorted(jobs.map((j) => j.finishedOn ?? 0));
  const last = finished[finished.length - 1] ?? started;
  const wave = Math.round(requests.length / settings.jobsPerSlot);
  const from = finished[wave - 1];
  const to = finished[finished.length - wave - 1];
  return {
    seconds: (last - started) / 1000,
    sustained: from !== undefined && to !== undefined && to > from ? (finished.length - 2 * wave) / ((to - from) / 1000) : Number.NaN,
    active: sorted(jobs.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0))),
    queued: sorted(jobs.map((j) => (j.processedOn ?? 0) - j.timestamp)),
  };
}

const ms = (sorted: number[], q: number) => `${percentile(sorted, q).toFixed(0)}`;

async function main(): Promise<void> {
  const redis = await connectRedis(testServices.redisUrl, 'producer', { name: 'bench:llm' });
  const sample = sampleLlmAnswers(request('sample', 0, 1));
  const fake = await startFakeVendor('anthropic', (r) => ({
    ...anthropicReplies.ok(requestedOutput(r) === 'plans' ? sample.plans : sample.trends),
    latencyMs: settings.latencyMs,
  }));
  const phases: Phase[] = [];
  let failed = false;
  try {
    console.log(
      `llm bench: fake Anthropic answering after L = ${settings.latencyMs} ms; concurrency ${settings.concurrencies.join(', ')} ` +
        `with ${settings.jobsPerSlot} jobs per slot, trends cached; cold burst ${settings.coldPairs} pairs × ${settings.coldJobsPerPair} jobs${smoke ? ' (smoke mode)' : ''}`,
    );
    console.log(
      'after one untimed job per slot: sustained = completions between the first wave\'s end and the last wave\'s start; ' +
        'whole = addBulk → last job; ideal = concurrency ÷ L (every slot always waiting on the vendor)',
    );
    const rows: string[] = [];
    const rule = createRuleBasedProvider();
    for (const concurrency of settings.concurrencies) {
      const phase = await startPhase(redis, fake, `c${concurrency}`, concurrency);
      phases.push(phase);
      const pairs = Math.min(PAIRS.length, 5);
      const store = new RedisAiStore(redis, { keyPrefix: phase.keyPrefix });
      // Trends cached for every pair: one plans call per job.
      for (let p = 0; p < pairs; p += 1) {
        const r = request('warm', p, pairs);
        await store.saveTrend((await rule.analyseTrends({ industry: r.industry, region: r.region, season: r.season })).value);
      }
      // Warm-up, untimed: the code compiled, one vendor connection per slot open.
      await runJobs(phase, Array.from({ length: concurrency }, (_, i) => request(`c${concurrency}-warm`, i, pairs)));
      await phase.queue.queue.clean(0, concurrency, 'completed');
      const before = fake.requests.length;
      const n = concurrency * settings.jobsPerSlot;
      const workerCpu = cpuMs(phase.worker.pid);
      const benchCpu = process.cpuUsage();
      const figures = await runJobs(phase, Array.from({ length: n }, (_, i) => request(`c${concurrency}`, i, pairs)));
      const { seconds, sustained } = figures;
      const workerCpuPerJob = (cpuMs(phase.worker.pid) - workerCpu) / n;
      const used = process.cpuUsage(benchCpu);
      const benchCpuPerJob = (used.user + used.system) / 1000 / n;
      const calls = fake.requests.slice(before);
      const trendCalls = calls.filter((c) => requestedOutput(c) === 'trends').length;
      if (trendCalls !== 0 || calls.length !== n) throw new Error(`concurrency ${concurrency}: expected ${n} plans calls and no trend call, got ${calls.length} calls, ${trendCalls} trend calls`);
      const throughput = n / seconds;
      const ideal = concurrency / (settings.latencyMs / 1000);
      const rss = peakRssMb(phase.worker.pid);
      // The vendor call as the worker timed it (SDK + network + the fake's L).
      const callMs = phase.worker.logs.filter((l) => l.msg === 'provider call answered').map((l) => Number(l['ms'])).sort((a, b) => a - b);
      rows.push(
        `concurrency ${String(concurrency).padStart(3)}: ideal ${ideal.toFixed(1)} jobs/s; ${Number.isNaN(sustained) ? 'sustained n/a (fewer than 3 waves); ' : `sustained ${sustained.toFixed(1)} jobs/s, ratio ${(sustained / ideal).toFixed(2)}; `}` +
          `whole run ${n} jobs in ${seconds.toFixed(2)} s = ${throughput.toFixed(1)} jobs/s, ratio ${(throughput / ideal).toFixed(2)}; worker peak RSS ${rss.toFixed(0)} MB; ` +
          `active p50/p99 ${ms(figures.active, 0.5)}/${ms(figures.active, 0.99)} ms, of which the vendor call ${ms(callMs, 0.5)}/${ms(callMs, 0.99)} ms (L ${settings.latencyMs}); ` +
          `CPU per job: worker ${workerCpuPerJob.toFixed(2)} ms, fake vendor + harness ${benchCpuPerJob.toFixed(2)} ms`,
      );
      console.log(rows[rows.length - 1]);
      await stopPhase(redis, phase);
      phases.pop();
    }

    // Cold burst: nothing cached, k pairs, many jobs each, one worker process.
    const cold = await startPhase(redis, fake, 'cold', Math.max(...settings.concurrencies));
    phases.push(cold);
    const before = fake.requests.length;
    const coldJobs = settings.coldPairs * settings.coldJobsPerPair;
    const { seconds } = await runJobs(cold, Array.from({ length: coldJobs }, (_, i) => request('cold', i, settings.coldPairs)));
    const trendCalls = fake.requests.slice(before).filter((c) => requestedOutput(c) === 'trends').length;
    console.log(`cold burst: ${coldJobs} jobs over ${settings.coldPairs} pairs in ${seconds.toFixed(2)} s: ${trendCalls} trend calls (expected exactly ${settings.coldPairs})`);
    if (trendCalls !== settings.coldPairs) throw new Error(`cold burst made ${trendCalls} trend calls, expected ${settings.coldPairs}`);
    await stopPhase(redis, cold);
    phases.pop();
    console.log('targets: ratio ≥ 0.9 and worker peak RSS ≤ 300 MB at concurrency 200 (not asserted: machines are shared; read the figures)');
  } catch (error) {
    failed = true;
    console.error(`llm bench FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    for (const phase of phases) await stopPhase(redis, phase).catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
    await fake.close();
    await redis.quit();
  }
  process.exitCode = failed ? 1 : 0;
}

// A last resort: whatever hangs, the bench ends.
setTimeout(() => {
  console.error('llm bench: hard timeout, exiting');
  process.exit(2);
}, settings.deadlineMs + 30_000).unref();

await main();
