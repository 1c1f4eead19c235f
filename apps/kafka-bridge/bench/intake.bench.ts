/**
 * Intake benchmark: the real bridge (startBridge: Kafka → intake → Redis/BullMQ)
 * against a kafkajs consumer that does nothing but commit, in the same run.
 * Shared machines drift, so the figure to compare across runs is the ratio.
 *
 *   baseline   kafkajs consumer configured like ours (kafkajs autoCommit:
 *              offsets committed per fetched batch, maxWaitTimeInMs 1 s) that
 *              does no work: the floor of consuming from Kafka.
 *   bridge     startBridge with a parsed BridgeEnv (as the tests build it);
 *              done when N BullMQ jobs exist (getJobCounts polled every 10 ms).
 *   reference  (informational, BENCH_REFERENCE=0 skips it) the same no-op
 *              consumer committing every offset on its own: the first design
 *              of our consumer, kept to show what a commit per message costs.
 *
 * Every phase reads N messages (valid ai-job-request JSON) produced beforehand
 * to its own fresh single-partition topic. The clock runs from the moment the
 * consumer has joined its group (consumer.run / startBridge resolved) to the
 * N-th message handled, so connecting and joining are not counted. "first→last"
 * is the span between the first and the last message handled (for the bridge:
 * the BullMQ timestamps of the first and the last job), without the first fetch.
 * "cpu µs/msg" is this process's CPU time (user + system) per message during the
 * timed window (the bridge runs in this process; the broker and Redis do not).
 * With BENCH_ROUNDS > 1 baseline and bridge alternate and the ratio is the
 * median of the rounds' ratios.
 *
 * Knobs: BENCH_SMOKE=1 (CI: 50 messages, no warm-up), BENCH_MESSAGES (3000), BENCH_ROUNDS (1), BENCH_WARMUP_MESSAGES (200, 0 = none),
 * BENCH_PRODUCE_BATCH (500), BENCH_REFERENCE (1), BENCH_LOG_LEVEL (info; the
 * bridge's log lines are formatted as in production and written to /dev/null),
 * BENCH_DEADLINE_MS (45000), REDIS_URL, KAFKA_BROKERS.
 *
 * Run: pnpm --filter @aisvc/kafka-bridge bench
 */
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Kafka, logLevel, Partitioners, type Admin, type LogEntry } from 'kafkajs';
import { pino } from 'pino';
import { parseEnv } from '@aisvc/config';
import { createLogger } from '@aisvc/logging';
import { bullJobId } from '@aisvc/queue';
import { createTopics, intEnv, isolatedEnv, logLevelEnv, median, scanDelete, testServices, uniqueName } from '@aisvc/testkit';
import type { RunningService } from '@aisvc/service-runtime';
import { startBridge } from '../src/bridge.js';
import { BridgeEnv } from '../src/env.js';

// ------------------------------------------------------------------ settings

const settings = {
  messages: intEnv('BENCH_MESSAGES', 3_000, 1, 50),
  rounds: intEnv('BENCH_ROUNDS', 1),
  warmupMessages: intEnv('BENCH_WARMUP_MESSAGES', 200, 0, 0),
  produceBatch: intEnv('BENCH_PRODUCE_BATCH', 500),
  reference: intEnv('BENCH_REFERENCE', 1, 0) > 0,
  logLevel: logLevelEnv(),
  deadlineMs: intEnv('BENCH_DEADLINE_MS', 45_000),
};
const deadline = Date.now() + settings.deadlineMs;
const POLL_MS = 10;

/** kafkajs errors of the bench's own clients as one line each (kafkajs retries most of them itself). */
const compactKafkaLog = () => ({ label, log }: LogEntry) => {
  const detail: unknown = log['error'];
  console.error(`kafkajs ${label}: ${log.message}${typeof detail === 'string' ? ` (${detail})` : ''}`);
};
const kafka = new Kafka({ clientId: 'bench-intake', brokers: testServices.kafkaBrokers, logLevel: logLevel.ERROR, logCreator: compactKafkaLog });

// ------------------------------------------------------------------ payloads

const INDUSTRIES = ['카페', '음식점', '미용실', '헬스장', '주점', '학원'];
const REGIONS = ['성동구', '강남구', '마포구', '해운대구', '수원시'];

/** Message i of a topic: valid ai-job-request JSON, keyed by eventId (as the Event Service sends it). */
function message(i: number): { key: string; value: string } {
  const jobId = `JOB-${i}`;
  const eventId = `EVT-${i}`;
  return {
    key: eventId,
    value: JSON.stringify({
      jobId,
      eventId,
      objective: '신규 고객 유치',
      industry: INDUSTRIES[i % INDUSTRIES.length],
      region: REGIONS[i % REGIONS.length],
      storeInfo: { storeName: `가게 ${i}`, storeSize: '소형' },
      requestedAt: '2026-07-01T00:00:00Z',
    }),
  };
}

async function produceMessages(topic: string, n: number): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const started = performance.now();
  try {
    for (let from = 0; from < n; from += settings.produceBatch) {
      const batch = [];
      for (let i = from; i < Math.min(n, from + settings.produceBatch); i += 1) batch.push(message(i));
      await producer.send({ topic, acks: -1, messages: batch });
    }
  } finally {
    await producer.disconnect();
  }
  return (performance.now() - started) / 1000;
}

// ------------------------------------------------------------------ figures

interface PhaseResult {
  name: string;
  messages: number;
  /** From group joined to the N-th message handled. */
  seconds: number;
  /** From the first to the last message handled. */
  firstToLastSeconds: number;
  /** This process's CPU time (user + system) during the timed window, µs. */
  cpuMicros: number;
}

/** Several rounds of one phase as one row. */
function pooled(name: string, runs: PhaseResult[]): PhaseResult {
  const sum = (pick: (r: PhaseResult) => number) => runs.reduce((total, r) => total + pick(r), 0);
  return {
    name,
    messages: sum((r) => r.messages),
    seconds: sum((r) => r.seconds),
    // first→last of each round, so (messages − rounds) intervals in all.
    firstToLastSeconds: (sum((r) => r.firstToLastSeconds) * (sum((r) => r.messages) - 1)) / (sum((r) => r.messages) - runs.length),
    cpuMicros: sum((r) => r.cpuMicros),
  };
}

function table(rows: PhaseResult[]): string {
  const header = ['name', 'msgs', 'seconds', 'msgs/s', 'µs/msg', 'first→last msgs/s', 'cpu µs/msg'];
  const body = rows.map((r) => [
    r.name,
    String(r.messages),
    r.seconds.toFixed(2),
    (r.messages / r.seconds).toFixed(0),
    ((r.seconds / r.messages) * 1e6).toFixed(0),
    ((r.messages - 1) / r.firstToLastSeconds).toFixed(0),
    (r.cpuMicros / r.messages).toFixed(0),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

const rate = (r: PhaseResult) => r.messages / r.seconds;

// ------------------------------------------------------------------ phases

interface Resources {
  admin: Admin;
  redis: Redis;
  topics: string[];
  groups: string[];
  queues: Queue[];
  keyPrefixes: string[];
}

function timeLeft(): number {
  return Math.max(0, deadline - Date.now());
}

async function committedOffset(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Number(offsets?.partitions[0]?.offset ?? -1);
}

/** A kafkajs consumer that does no work: kafkajs autoCommit (as ours) or a commit per message. */
async function runNoopConsumer(res: Resources, name: string, n: number, perMessageCommit: boolean): Promise<PhaseResult> {
  const id = uniqueName(perMessageCommit ? 'bench-commit' : 'bench-autocommit');
  const topic = `${id}-requests`;
  const groupId = `${id}-group`;
  res.topics.push(topic);
  res.groups.push(groupId);
  await createTopics([topic]);
  await produceMessages(topic, n);

  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1_000 });
  let handled = 0;
  let first = 0;
  let last = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { resolveDone = resolve; });
  let timer: NodeJS.Timeout | undefined;
  let seconds: number;
  let cpuMicros = 0;
  let committed = -1;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: !perMessageCommit,
      eachMessage: async ({ topic: from, partition, message: m }) => {
        if (perMessageCommit) await consumer.commitOffsets([{ topic: from, partition, offset: (BigInt(m.offset) + 1n).toString() }]);
        handled += 1;
        if (handled === 1) first = performance.now();
        if (handled === n) {
          last = performance.now();
          resolveDone();
        }
      },
    });
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeLeft()); });
    await Promise.race([done, timeout]);
    seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    cpuMicros = cpu.user + cpu.system;
    // With autoCommit the last commit follows the batch; wait for it while the consumer runs
    // (kafkajs skips commits once it is stopping).
    while (handled >= n && timeLeft() > 0) {
      committed = await committedOffset(res.admin, groupId, topic);
      if (committed >= n) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  if (handled < n) throw new Error(`${name}: handled ${handled} of ${n} messages before the deadline (BENCH_DEADLINE_MS=${settings.deadlineMs})`);
  if (handled > n) throw new Error(`${name}: handled ${handled} messages, ${n} were produced`);
  if (committed !== n) throw new Error(`${name}: committed offset is ${committed}, expected ${n}`);
  return { name, messages: n, seconds, firstToLastSeconds: (last - first) / 1000, cpuMicros };
}

async function runBridge(res: Resources, name: string, n: number): Promise<PhaseResult> {
  const env = parseEnv(BridgeEnv, { ...isolatedEnv('bench-bridge'), KAFKA_CLIENT_ID: 'bench-bridge', LOG_LEVEL: settings.logLevel });
  res.topics.push(env.KAFKA_REQUEST_TOPIC, env.KAFKA_DLQ_TOPIC);
  res.groups.push(env.KAFKA_CONSUMER_GROUP);
  res.keyPrefixes.push(env.KEY_PREFIX);
  const queue = new Queue(env.QUEUE_NAME, { connection: res.redis, prefix: env.QUEUE_PREFIX });
  queue.on('error', () => undefined); // connection errors surface as failed commands below
  res.queues.push(queue);
  await createTopics([env.KAFKA_REQUEST_TOPIC, env.KAFKA_DLQ_TOPIC]);
  await produceMessages(env.KAFKA_REQUEST_TOPIC, n);

  const jobCount = async () => {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };
  const logger = createLogger({ service: 'bench-bridge', level: env.LOG_LEVEL, destination: pino.destination({ dest: '/dev/null', sync: true }) });

  let jobs = 0;
  let seconds = 0;
  let cpuMicros = 0;
  let committed = -1;
  const bridge: RunningService = await startBridge(env, logger);
  try {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    while (timeLeft() > 0) {
      jobs = await jobCount();
      if (jobs >= n) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    cpuMicros = cpu.user + cpu.system;
    // The last offset is committed just after its batch is handled; wait for it so the
    // committed-offset check below sees every message (stop() would commit it too).
    while (jobs >= n && timeLeft() > 0) {
      committed = await committedOffset(res.admin, env.KAFKA_CONSUMER_GROUP, env.KAFKA_REQUEST_TOPIC);
      if (committed >= n) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await bridge.stop();
  }
  if (jobs < n) throw new Error(`${name}: ${jobs} of ${n} BullMQ jobs before the deadline (BENCH_DEADLINE_MS=${settings.deadlineMs})`);
  if (committed !== n) throw new Error(`${name}: committed offset is ${committed}, expected ${n}`);
  jobs = await jobCount();
  if (jobs !== n) throw new Error(`${name}: ${jobs} BullMQ jobs for ${n} messages`);
  const dlq = await res.admin.fetchTopicOffsets(env.KAFKA_DLQ_TOPIC);
  const deadLettered = dlq.reduce((sum, p) => sum + Number(p.high), 0);
  if (deadLettered !== 0) throw new Error(`${name}: ${deadLettered} messages were dead-lettered`);
  const [firstJob, lastJob] = await Promise.all([queue.getJob(bullJobId('JOB-0')), queue.getJob(bullJobId(`JOB-${n - 1}`))]);
  if (!firstJob || !lastJob) throw new Error(`${name}: the first or the last job is missing`);
  return { name, messages: n, seconds, firstToLastSeconds: (lastJob.timestamp - firstJob.timestamp) / 1000, cpuMicros };
}

// ------------------------------------------------------------------ cleanup

async function cleanup(res: Resources): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for (const queue of res.queues) {
    await attempt(`obliterate ${queue.name}`, () => queue.obliterate({ force: true }));
    await queue.close().catch(() => undefined);
    await attempt(`delete keys of ${queue.name}`, async () => {
      const left = await scanDelete(res.redis, `${queue.opts.prefix ?? 'bull'}:${queue.name}:*`);
      if (left > 0) throw new Error(`${left} keys were left after obliterate (deleted now)`);
    });
  }
  for (const prefix of res.keyPrefixes) await attempt(`delete ${prefix}*`, () => scanDelete(res.redis, `${prefix}*`));
  if (res.groups.length > 0) await attempt('delete consumer groups', () => res.admin.deleteGroups(res.groups));
  if (res.topics.length > 0) await attempt('delete topics', () => res.admin.deleteTopics({ topics: res.topics, timeout: 10_000 }));
  return problems;
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const rssStart = process.memoryUsage().rss;
  const admin = kafka.admin();
  await admin.connect();
  const res: Resources = { admin, redis: new Redis(testServices.redisUrl, { maxRetriesPerRequest: 1 }), topics: [], groups: [], queues: [], keyPrefixes: [] };
  res.redis.on('error', (error) => console.error(`redis connection error: ${error.message}`));
  let failed = false;
  try {
    console.log(
      `intake bench: ${settings.rounds > 1 ? `${settings.rounds} rounds of ` : ''}${settings.messages} messages per phase, single-partition topics, ` +
        `log level ${settings.logLevel} (to /dev/null), kafka ${testServices.kafkaBrokers.join(',')}, redis ${testServices.redisUrl}`,
    );
    console.log('timing: messages produced first; clock from group joined to the N-th message handled (bridge: N BullMQ jobs, polled every 10 ms).');
    if (settings.warmupMessages > 0) {
      await runNoopConsumer(res, 'warm-up baseline', settings.warmupMessages, false);
      await runBridge(res, 'warm-up bridge', settings.warmupMessages);
      console.log(`warm-up: ${settings.warmupMessages} messages per phase, not counted`);
    }
    const baselines: PhaseResult[] = [];
    const bridges: PhaseResult[] = [];
    for (let round = 1; round <= settings.rounds; round += 1) {
      baselines.push(await runNoopConsumer(res, `baseline round ${round}`, settings.messages, false));
      bridges.push(await runBridge(res, `bridge round ${round}`, settings.messages));
    }
    const ratios = bridges.map((b, i) => rate(b) / rate(baselines[i] ?? b));
    const baseline = pooled('baseline: no-op consumer, kafkajs autoCommit', baselines);
    const bridge = pooled('bridge: startBridge → BullMQ jobs', bridges);
    const rows = [baseline, bridge];
    const reference = settings.reference ? await runNoopConsumer(res, 'reference: no-op consumer, commit per message', settings.messages, true) : undefined;
    if (reference) rows.push(reference);

    console.log('');
    console.log(table(rows));
    console.log('');
    console.log(`rss: start ${(rssStart / 1_048_576).toFixed(1)} MB, end ${(process.memoryUsage().rss / 1_048_576).toFixed(1)} MB`);
    const intakeUs = (bridge.seconds / bridge.messages - baseline.seconds / baseline.messages) * 1e6;
    console.log(`per message: intake work ≈ ${intakeUs.toFixed(0)} µs (bridge − baseline: status SET NX + BullMQ add + logging)`);
    if (reference) {
      const commitUs = (reference.seconds / reference.messages - baseline.seconds / baseline.messages) * 1e6;
      console.log(`per message: a commit of its own would add ≈ ${commitUs.toFixed(0)} µs (reference − baseline)`);
    }
    const detail = settings.rounds > 1 ? ` (median of ${settings.rounds} rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})` : '';
    console.log(`ratio bridge/baseline = ${median(ratios).toFixed(2)}${detail}`);
  } catch (error) {
    failed = true;
    console.error(`intake bench FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    const problems = await cleanup(res).catch((error: unknown) => [`cleanup: ${error instanceof Error ? error.message : String(error)}`]);
    for (const problem of problems) console.error(`cleanup: ${problem}`);
    if (problems.length > 0) failed = true;
    else console.log(`cleanup: ${res.topics.length} topics, ${res.groups.length} consumer groups, ${res.queues.length} queues and keys under ${res.keyPrefixes.length} prefixes deleted`);
    await admin.disconnect().catch(() => undefined);
    await res.redis.quit().catch(() => undefined);
  }
  process.exitCode = failed ? 1 : 0;
}

// A last resort: whatever hangs, the bench ends (the per-phase deadline normally fires first).
setTimeout(() => {
  console.error('intake bench: hard timeout, exiting');
  process.exit(2);
}, settings.deadlineMs + 10_000).unref();

await main();
