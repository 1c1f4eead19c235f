/**
 * The whole pipeline as separate processes, the way it runs in production:
 * Kafka → kafka-bridge → BullMQ → worker → Redis → api. Each app runs its real
 * entry point (src/main.ts); this test only talks Kafka, HTTP and BullMQ events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueEvents } from 'bullmq';
import { AIRecommendationResult, compileSchema, JobStatus, recommendationProblems } from '@aisvc/contracts';
import { isolatedEnv, produce, startApp, testServices, waitFor, type AppProcess } from '@aisvc/testkit';

const env = { ...isolatedEnv('e2e'), HOST: '127.0.0.1', PORT: '0' };
const resultChecker = compileSchema(AIRecommendationResult);
const statusChecker = compileSchema(JobStatus);

let bridge: AppProcess;
let api: AppProcess;
let worker: AppProcess | undefined;
let baseUrl: string;
let queueEvents: QueueEvents;
const progressSeen = new Map<string, number[]>();

beforeAll(async () => {
  queueEvents = new QueueEvents(env.QUEUE_NAME, { connection: { url: testServices.redisUrl } });
  queueEvents.on('progress', ({ jobId, data }) => {
    progressSeen.set(jobId, [...(progressSeen.get(jobId) ?? []), Number(data)]);
  });
  await queueEvents.waitUntilReady();
  // The bridge creates the topics; the api publishes to them.
  bridge = await startApp('kafka-bridge', env);
  api = await startApp('api', env);
  const listening = await api.waitForLog((l) => l.msg === 'api listening', 'url');
  baseUrl = String(listening['url']);
}, 90_000);

afterAll(async () => {
  const codes = await Promise.all([worker?.stop(), api?.stop(), bridge?.stop()]);
  await queueEvents.close();
  // A graceful stop on SIGTERM ends with exit code 0.
  expect(codes.filter((c) => c !== undefined)).toEqual(codes.filter((c) => c !== undefined).map(() => 0));
}, 60_000);

const getJson = async (path: string) => {
  const response = await fetch(`${baseUrl}${path}`);
  const body: unknown = await response.json();
  return { status: response.status, body };
};
/** The job's status record, checked against its schema (a test failure names what is wrong). */
const statusOf = async (jobId: string): Promise<JobStatus> => {
  const { body } = await getJson(`/internal/jobs/${jobId}/status`);
  if (!statusChecker.check(body)) throw new Error(`not a status record: ${statusChecker.problems(body).join('; ')}`);
  return body;
};

describe('pipeline end to end', () => {
  it('takes a Kafka message through PENDING → PROCESSING (10, 50) → COMPLETED and serves three valid plans', async () => {
    const message = {
      jobId: 'JOB-AI-E2E-0001', eventId: 'EVT-E2E-1', objective: '신규 고객 유치', industry: '음식점', region: '강남구',
      storeInfo: { storeName: '강남 한식당', storeSize: '중형', monthlyRevenue: 40_000_000, budget: { min: 300_000, max: 5_000_000 } },
      requestedAt: '2026-11-24T10:00:00+09:00',
    };
    await produce(env.KAFKA_REQUEST_TOPIC, [{ key: message.eventId, value: JSON.stringify(message) }]);

    // No worker runs yet, so the job must sit in PENDING.
    const pending = await waitFor(async () => {
      const r = await getJson(`/internal/jobs/${message.jobId}/status`);
      return r.status === 200 ? statusOf(message.jobId) : undefined;
    }, { what: 'PENDING status' });
    expect(pending).toMatchObject({ jobId: message.jobId, eventId: message.eventId, status: 'PENDING', progress: 0 });

    worker = await startApp('worker', env);
    const done = await waitFor(async () => {
      const s = await statusOf(message.jobId);
      return s.status === 'COMPLETED' || s.status === 'FAILED' ? s : undefined;
    }, { what: 'a final status' });
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 100, createdAt: pending.createdAt });

    // BullMQ job progress mirrors the status steps, rising.
    await waitFor(() => (progressSeen.get(`ai-${message.jobId}`)?.length ?? 0) >= 3, { what: 'three progress events' });
    expect(progressSeen.get(`ai-${message.jobId}`)).toEqual([10, 50, 100]);
    // The status turns COMPLETED just before the worker logs it: wait for the line.
    await worker.waitForLog((l) => l['jobId'] === message.jobId && l.msg === 'job completed', 'job completed');
    const processingLines = worker.logs.filter((l) => l['jobId'] === message.jobId).map((l) => l.msg);
    expect(processingLines).toEqual(expect.arrayContaining(['job started', 'trend analysed and cached', 'job completed']));

    const { status, body } = await getJson(`/internal/recommendations/${message.eventId}`);
    expect(status).toBe(200);
    expect(resultChecker.problems(body)).toEqual([]);
    if (!resultChecker.check(body)) return;
    const result = body;
    expect(result).toMatchObject({ eventId: message.eventId, jobId: message.jobId, aiProvider: 'RULE_BASED' });
    expect(result.recommendations.map((r) => r.optionNumber)).toEqual([1, 2, 3]);
    expect(recommendationProblems(result.recommendations)).toEqual([]);
    expect(Date.parse(result.expiresAt) - Date.parse(result.generatedAt)).toBe(3_600_000);

    const trend = await getJson(`/internal/trends/${encodeURIComponent('음식점')}/${encodeURIComponent('강남구')}`);
    expect(trend.status).toBe(200);
    expect(trend.body).toEqual(result.trendAnalysis);
  });

  it('runs a request submitted over HTTP the same way', async () => {
    const response = await fetch(`${baseUrl}/internal/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: 'EVT-E2E-2', objective: '재방문 유도', industry: '카페', region: '서울 성동구' }),
    });
    expect(response.status).toBe(202);
    const { jobId } = (await response.json()) as { jobId: string };
    const done = await waitFor(async () => {
      const s = await statusOf(jobId);
      return s.status === 'COMPLETED' || s.status === 'FAILED' ? s : undefined;
    }, { what: 'the HTTP-submitted job to finish' });
    expect(done.status).toBe('COMPLETED');
    expect((await getJson('/internal/recommendations/EVT-E2E-2')).status).toBe(200);
  });

  it('puts the jobId on every log line about a job, in every app', () => {
    const all = [...bridge.logs, ...api.logs, ...(worker?.logs ?? [])];
    const aboutJob = all.filter((l) => JSON.stringify(l).includes('JOB-AI-E2E-0001'));
    expect(aboutJob.length).toBeGreaterThanOrEqual(4);
    expect(new Set(aboutJob.map((l) => l['service']))).toEqual(new Set(['kafka-bridge', 'api', 'worker']));
    // A field, never only free text: `jobId`, or `jobIds` on the bridge's one line per run.
    for (const line of aboutJob) {
      const ids = Array.isArray(line['jobIds']) ? line['jobIds'] : [line['jobId']];
      expect(ids).toContain('JOB-AI-E2E-0001');
    }
    expect(bridge.logs.filter((l) => l.msg === 'requests accepted' && Array.isArray(l['jobIds']) && l['jobIds'].includes('JOB-AI-E2E-0001'))).toHaveLength(1);
    expect([...bridge.otherOutput, ...api.otherOutput, ...(worker?.otherOutput ?? [])]).toEqual([]);
  });

  it('answers 404 with the error body for an unknown job and event', async () => {
    expect(await getJson('/internal/jobs/NOPE-1/status')).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: 'job NOPE-1 not found' } });
    expect((await getJson('/internal/recommendations/NOPE-2')).body).toMatchObject({ code: 'NOT_FOUND' });
  });
});
