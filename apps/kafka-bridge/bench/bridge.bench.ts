/**
 * Bridge benchmark: how close the bridge comes to BullMQ's own pace.
 *
 *   baseline  raw `addBulk` of the same N jobs (the bridge's payloads and job options) in
 *             batches of 1,000, on a fresh queue of the same Redis: the ceiling of putting
 *             these jobs into BullMQ at all. Median of three runs (one before the bridge's,
 *             two after), as a 2-second run on a shared machine is noisy.
 *   bridge    the real bridge as its own process, as in production (node dist/main.js,
 *             built by turbo before the bench; info logs to a file), draining a topic
 *             preloaded with N valid messages: validation, PENDING statuses, jobs, offsets.
 *
 * Rates are first→last: from the first job added to the last (BullMQ's own job
 * timestamps for the bridge; the wall clock around addBulk for the baseline), so process
 * start and group join are not counted. The ratio bridge/baseline is the figure to compare
 * across runs (shared machines drift; ratios hold). Target: ≥ 0.5. The bridge's peak RSS
 * (VmHWM of its process) has a target of ≤ 200 MB.
 * Run once with 1 partition and once with 3.
 *
 * Knobs: BENCH_MESSAGES (50000; smoke 300), BENCH_PARTITIONS ("1,3"), BENCH_DEADLINE_MS
 * (120000), BENCH_BRIDGE_NODE_OPTIONS (V8 flags for the bridge; default as shipped:
 * --max-old-space-size=128),
 * KAFKA_MAX_BATCH_SIZE (passed to the bridge), BENCH_LOG_LEVEL (the bridge's LOG_LEVEL, info),
 * BENCH_SMOKE=1, REDIS_URL, KAFKA_BROKERS.
 * Run: pnpm bench:bridge
 */
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { normaliseJobRequest, type JobRequest } from '@aisvc/contracts';
import { bullJobId, jobCatalog, RECOMMENDATION_JOB } from '@aisvc/queue';
import { createTopics, intEnv, isolatedEnv, logLevelEnv, median, peakRssMb, scanDelete, smokeMode, testServices } from '@aisvc/testkit';

const settings = {
  messages: intEnv('BENCH_MESSAGES', 50_000, 1, 300),
  partitions: (process.env['BENCH_PARTITIONS'] ?? '1,3').split(',').map(Number),
  batch: 1_000,
  deadlineMs: intEnv('BENCH_DEADLINE_MS', 120_000),
  logLevel: logLevelEnv(),
};
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const kafka = new Kafka({ clientId: 'bench-bridge', brokers: testServices.kafkaBrokers, logLevel: logLevel.ERROR });
const redis = new Redis(testServices.redisUrl, { maxRetriesPerRequest: null });

const INDUSTRIES = ['카페', '음식점', '미용실', '헬스장', '주점', '학원'];
const REGIONS = ['성동구', '강남구', '마포구', '해운대구', '수원시'];

/** Request i: valid ai-job-request JSON as the Event Service sends it. */
const request = (run: string, i: number) => ({
  jobId: `${run}-${i}`,
  eventId: `EVT-${run}-${i}`,
  objective: '신규 고객 유치',
  industry: INDUSTRIES[i % INDUSTRIES.length],
  region: REGIONS[i % REGIONS.length],
  storeInfo: { storeName: `가게 ${i}`, storeSize: '소형' },
  requestedAt: '2026-07-01T00:00:00Z',
});

async function preload(topic: string, run: string, n: number): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let from = 0; from < n; from += 1_000) {
      const messages = [];
      for (let i = from; i < Math.min(n, from + 1_000); i += 1) {
        const r = request(run, i);
        messages.push({ key: r.eventId, value: JSON.stringify(r) });
      }
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** The baseline: the bridge's jobs (normalised exactly as it would) through addBulk. */
async function rawAddBulk(run: string, n: number): Promise<number> {
  const env = isolatedEnv('bench-raw');
  const queue = new Queue<JobRequest>(env.QUEUE_NAME, { connection: redis });
  const jobs = Array.from({ length: n }, (_, i) => {
    const parsed = normaliseJobRequest(request(run, i));
    if (!parsed.ok) throw new Error(parsed.reason);
    return { name: RECOMMENDATION_JOB, data: parsed.request, opts: { ...jobCatalog[RECOMMENDATION_JOB].options, jobId: bullJobId(parsed.request.jobId) } };
  });
  const started = performance.now();
  for (let from = 0; from < n; from += settings.batch) await queue.addBulk(jobs.slice(from, from + settings.batch));
  const seconds = (performance.now() - started) / 1000;
  await queue.obliterate({ force: true });
  await queue.close();
  return n / seconds;
}

async function bridgeDrain(run: string, n: number, partitions: number): Promise<{ rate: number; rssMb: number; seconds: number }> {
  const env = { ...isolatedEnv('bench-bridge'), KAFKA_TOPIC_PARTITIONS: String(partitions), LOG_LEVEL: settings.logLevel };
  await createTopics([env.KAFKA_REQUEST_TOPIC], partitions);
  await preload(env.KAFKA_REQUEST_TOPIC, run, n);
  const queue = new Queue(env.QUEUE_NAME, { connection: redis });
  const logFile = join(tmpdir(), `${env.KAFKA_CONSUMER_GROUP}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['apps/kafka-bridge/dist/main.js'], {
    cwd: repoRoot,
    env: {
      PATH: process.env['PATH'] ?? '',
      // As shipped (Dockerfile, pnpm start) unless told otherwise.
      NODE_OPTIONS: process.env['BENCH_BRIDGE_NODE_OPTIONS'] ?? '--max-old-space-size=128',
      ...(process.env['KAFKA_MAX_BATCH_SIZE'] ? { KAFKA_MAX_BATCH_SIZE: process.env['KAFKA_MAX_BATCH_SIZE'] } : {}),
      ...env,
    },
    stdio: ['ignore', out, out],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + settings.deadlineMs;
    while ((await queue.count()) < n) {
      if (child.exitCode !== null) throw new Error(`the bridge exited with ${child.exitCode}; see ${logFile}`);
      if (Date.now() > deadline) throw new Error(`the bridge added ${await queue.count()} of ${n} jobs within ${settings.deadlineMs} ms; see ${logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rssMb = peakRssMb(child.pid);
    const [first] = await queue.getJobs(['wait'], 0, 0, true);
    const [last] = await queue.getJobs(['wait'], 0, 0, false);
    const seconds = ((last?.timestamp ?? 0) - (first?.timestamp ?? 0)) / 1000;
    // All jobs in the same millisecond (tiny smoke runs): no rate to speak of.
    return { rate: seconds > 0 ? (n - 1) / seconds : Number.NaN, rssMb, seconds };
  } finally {
    child.kill('SIGTERM');
    await exited;
    closeSync(out);
    await queue.obliterate({ force: true });
    await queue.close();
    await scanDelete(redis, `${env.KEY_PREFIX}*`);
    const admin = kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: [env.KAFKA_REQUEST_TOPIC, env.KAFKA_DLQ_TOPIC].filter((t) => existing.has(t)) }).catch(() => undefined);
    await admin.deleteGroups([env.KAFKA_CONSUMER_GROUP]).catch(() => undefined);
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const n = settings.messages;
  console.log(`bridge bench: ${n} messages per run, partitions ${settings.partitions.join(' and ')}, batches of ${settings.batch}${smokeMode() ? ' (smoke mode: sizes too small for the figures to mean anything)' : ''}`);
  console.log(`rates first→last job (process start and group join not counted); bridge logs at ${settings.logLevel} to a file\n`);
  console.log('partitions  raw addBulk jobs/s  bridge msgs/s  ratio  bridge peak RSS MB');
  const ratios: string[] = [];
  for (const partitions of settings.partitions) {
    const run = `B${partitions}-${Date.now().toString(36)}`;
    // The baseline is short and noisy on a shared machine: its median over rounds around the bridge's run.
    const baselines = [await rawAddBulk(`${run}a`, n)];
    const bridge = await bridgeDrain(run, n, partitions);
    baselines.push(await rawAddBulk(`${run}b`, n), await rawAddBulk(`${run}c`, n));
    const baseline = median(baselines);
    const ratio = bridge.rate / baseline;
    ratios.push(`${partitions}p ${ratio.toFixed(2)}`);
    console.log(
      `${String(partitions).padStart(10)}  ${baseline.toFixed(0).padStart(18)}  ${bridge.rate.toFixed(0).padStart(13)}  ${ratio.toFixed(2).padStart(5)}  ${bridge.rssMb.toFixed(0).padStart(18)}`,
    );
  }
  console.log(`\nratio bridge/raw addBulk: ${ratios.join(', ')} (target ≥ 0.5); peak RSS target ≤ 200 MB`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => void redis.quit());
