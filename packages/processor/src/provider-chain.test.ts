// The fallback chain end to end, per vendor: the real SDK against its wire-format
// fake, the chain (retries, timeouts, breaker, deadline), the processor and a
// real BullMQ worker on the real Redis. Short latencies and deadlines keep it fast.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Job, Worker } from 'bullmq';
import type { JobRequest } from '@aisvc/contracts';
import { buildProviderChain, sampleLlmAnswers, type ChainSettings, type ProviderChain, type ProvidersConfig } from '@aisvc/ai-providers';
import { bullJobId, connectRedis, createRecommendationWorker, RecommendationQueue } from '@aisvc/queue';
import { RedisAiStore, RedisRateGate } from '@aisvc/store';
import {
  anthropicReplies,
  openAiResponsesReplies,
  requestedOutput,
  startFakeVendor,
  testServices,
  uniqueName,
  waitFor,
  type FakeRequest,
  type FakeVendor,
  type VendorReplies,
} from '@aisvc/testkit';
import { createRecommendationProcessor, type JobOutcome } from './recommendation-processor.js';

const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'silent' });
let producer: Redis;
let workerRedis: Redis;
let cacheRedis: Redis;
beforeAll(async () => {
  [producer, workerRedis, cacheRedis] = await Promise.all([
    connectRedis(testServices.redisUrl, 'producer'),
    connectRedis(testServices.redisUrl, 'worker'),
    connectRedis(testServices.redisUrl, 'client'),
  ]);
});
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(async () => {
  await Promise.all([producer.quit(), workerRedis.quit(), cacheRedis.quit()]);
});

const USAGE = { input: 1_000, output: 600, cacheRead: 2_000, cacheWrite: 100 };

interface VendorCase {
  name: 'CLAUDE' | 'GPT_4';
  vendor: 'anthropic' | 'openai';
  model: string;
  replies: VendorReplies;
  config(baseURL: string, timeoutMs: number): ProvidersConfig;
}

const llm = (baseURL: string, timeoutMs: number, model: string) => ({ apiKey: 'test-key', model, maxTokens: 4_000, timeoutMs, baseURL });
const cases: VendorCase[] = [
  { name: 'CLAUDE', vendor: 'anthropic', model: 'claude-sonnet-5-5', replies: anthropicReplies, config: (url, t) => ({ claude: llm(url, t, 'claude-sonnet-5-5') }) },
  { name: 'GPT_4', vendor: 'openai', model: 'gpt-5.5', replies: openAiResponsesReplies, config: (url, t) => ({ openai: { ...llm(url, t, 'gpt-5.5'), apiMode: 'responses' } }) },
];

const FAST: Partial<ChainSettings> = { maxRetries: 2, retryBaseMs: 20, retryMaxMs: 100, breakerFailures: 10, breakerHalfOpenMs: 400, minCallMs: 100, reserveMs: 100 };

let counter = 0;
const requestFor = (region = '성동구'): JobRequest => {
  counter += 1;
  return { jobId: `CH-${counter}`, eventId: `EVT-CH-${counter}`, objective: '재방문 유도', industry: '카페', region, season: '가을' };
};

/** A vendor fake, a chain in front of it, a processor and a BullMQ worker: one world per test. */
async function world(vendorCase: VendorCase, options: { settings?: Partial<ChainSettings>; timeoutMs?: number; deadlineMs?: number; requestsPerMinute?: number } = {}) {
  const sample = sampleLlmAnswers(requestFor());
  const answer = (r: FakeRequest) => vendorCase.replies.ok(requestedOutput(r) === 'plans' ? sample.plans : sample.trends, USAGE);
  const fake: FakeVendor = await startFakeVendor(vendorCase.vendor, answer);
  cleanups.push(() => fake.close());
  const location = { name: uniqueName('chain'), prefix: 'bull-test' };
  const keyPrefix = `${location.name}:`;
  const rateGate = options.requestsPerMinute
    ? new RedisRateGate(cacheRedis, { [vendorCase.name]: { requestsPerMinute: options.requestsPerMinute, tokensPerMinute: 10_000_000 } }, { keyPrefix })
    : undefined;
  const chain: ProviderChain = await buildProviderChain(
    { ...vendorCase.config(fake.baseURL, options.timeoutMs ?? 2_000), chain: { ...FAST, ...options.settings } },
    { logger, ...(rateGate ? { rateGate } : {}) },
  );
  cleanups.push(() => chain.close());
  const store = new RedisAiStore(cacheRedis, { keyPrefix });
  const queue = new RecommendationQueue(producer, location);
  const progress = new Map<string, number[]>();
  const worker: Worker = createRecommendationWorker(
    workerRedis,
    { ...location, concurrency: 4 },
    createRecommendationProcessor({ store, provider: chain, logger, deadlineMs: options.deadlineMs ?? 5_000 }),
  );
  worker.on('progress', (job: Job, value) => {
    if (typeof value === 'number' && job.id) progress.set(job.id, [...(progress.get(job.id) ?? []), value]);
  });
  cleanups.push(async () => {
    await worker.close();
    await queue.queue.obliterate({ force: true });
    await queue.close();
  });

  /** Runs one job to its end: final status, stored result, BullMQ return value, progress and timing. */
  const run = async (request: JobRequest = requestFor()) => {
    await queue.enqueue(request);
    const job = await waitFor(async () => {
      const j = await queue.queue.getJob(bullJobId(request.jobId));
      return j && (j.finishedOn !== undefined) ? j : undefined;
    }, { what: `job ${request.jobId} finished`, timeoutMs: 20_000 });
    const result = await store.getRecommendation(request.eventId);
    const returned: unknown = job.returnvalue;
    return {
      status: await store.getStatus(request.jobId),
      result,
      outcome: returned as JobOutcome,
      progress: progress.get(bullJobId(request.jobId)) ?? [],
      ms: (job.finishedOn ?? 0) - job.timestamp,
      attemptsMade: job.attemptsMade,
    };
  };
  return { fake, chain, run, respond: (f: (r: FakeRequest) => ReturnType<typeof answer>) => fake.respond(f), answer, sample };
}

describe.each(cases)('$name behind the fallback chain (real SDK → fake, real BullMQ)', (vendorCase) => {
  const { name, replies } = vendorCase;

  it('answers: COMPLETED, progress 10/50/100, aiProvider and model, usage and cost in the result and the job return value', async () => {
    const w = await world(vendorCase);
    const r = await w.run();
    expect(r.status).toMatchObject({ status: 'COMPLETED', progress: 100 });
    expect(r.progress).toEqual([10, 50, 100]);
    expect(r.result?.aiProvider).toBe(name);
    expect(r.result?.trendAnalysis.aiProvider).toBe(name);
    expect(r.result?.generation).toMatchObject({
      model: vendorCase.model,
      trendCacheHit: false,
      usage: { inputTokens: 2_000, outputTokens: 1_200, cacheReadTokens: 4_000, cacheWriteTokens: name === 'CLAUDE' ? 200 : 0 },
    });
    expect(r.result?.generation?.costUsd).toBeGreaterThan(0);
    expect(r.outcome).toMatchObject({ aiProvider: name, model: vendorCase.model, costUsd: r.result?.generation?.costUsd });
    expect(w.fake.requests).toHaveLength(2);
    expect(r.attemptsMade).toBe(1);
  });

  it('429 with a short retry-after: waits for it, then succeeds', async () => {
    const w = await world(vendorCase);
    w.fake.script(replies.rateLimited('0.2'));
    const r = await w.run();
    expect(r.result?.aiProvider).toBe(name);
    expect(w.fake.requests).toHaveLength(3);
    const [first, second] = w.fake.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(190);
    expect(r.progress).toEqual([10, 50, 100]);
  });

  it('429 with a retry-after past the deadline: falls through to RULE_BASED at once', async () => {
    const w = await world(vendorCase);
    w.respond(() => replies.rateLimited('60'));
    const r = await w.run();
    expect(r.status?.status).toBe('COMPLETED');
    expect(r.progress).toEqual([10, 50, 100]);
    expect(r.result?.aiProvider).toBe('RULE_BASED');
    expect(r.result?.generation?.calls[1]?.fellBackFrom?.[0]?.provider).toBe(name);
    expect(r.result?.generation?.calls[1]?.fellBackFrom?.[0]?.reason).toMatch(/RATE_LIMITED/);
    expect(w.fake.requests).toHaveLength(2); // one per call, no retry
    expect(r.ms).toBeLessThan(10_000); // far from the 60 s retry-after (loose: CI machines are shared)
  });

  it(`${name === 'CLAUDE' ? '529' : '500'} then success: retried`, async () => {
    const w = await world(vendorCase);
    w.fake.script(replies.serverError());
    const r = await w.run();
    expect(r.result?.aiProvider).toBe(name);
    expect(r.result?.trendAnalysis.aiProvider).toBe(name);
    expect(r.status?.status).toBe('COMPLETED');
    expect(r.progress).toEqual([10, 50, 100]);
    expect(w.fake.requests).toHaveLength(3);
  });

  it('timeout: each request is cut at its timeout and retried, then RULE_BASED answers', async () => {
    const w = await world(vendorCase, { timeoutMs: 200, settings: { maxRetries: 1 } });
    w.respond(() => ({ ...w.answer({ method: 'POST', path: '', headers: {}, body: undefined, at: 0 }), latencyMs: 3_000 }));
    const r = await w.run();
    expect(r.status?.status).toBe('COMPLETED');
    expect(r.progress).toEqual([10, 50, 100]);
    expect(r.result?.aiProvider).toBe('RULE_BASED');
    expect(r.result?.generation?.calls[0]?.fellBackFrom?.[0]?.reason).toMatch(/TIMEOUT/);
    expect(w.fake.requests).toHaveLength(4); // 2 calls × (1 + 1 retry)
    expect(r.ms).toBeLessThan(6_000); // uncut, even two of the four 3 s answers would take that long
  });

  it.each([
    ['a max_tokens stop', (text: string) => replies.truncated(text), /TRUNCATED/],
    ['a refusal', () => replies.refusal(), /REFUSED/],
    ['malformed JSON', () => replies.ok('{"industryTrends": [', USAGE), /INVALID_OUTPUT/],
    ['a spend limit', () => replies.spendLimit(), /SPEND_LIMIT/],
  ])('%s: never retried, RULE_BASED answers, nothing invalid is cached or stored', async (_label, reply, reason) => {
    const w = await world(vendorCase);
    w.respond(() => reply(w.sample.trends));
    const r = await w.run();
    expect(r.status?.status).toBe('COMPLETED');
    expect(r.progress).toEqual([10, 50, 100]);
    expect(r.result?.aiProvider).toBe('RULE_BASED');
    expect(r.result?.trendAnalysis.aiProvider).toBe('RULE_BASED');
    expect(r.result?.generation?.calls.map((c) => c.fellBackFrom?.[0]?.reason)).toEqual([expect.stringMatching(reason), expect.stringMatching(reason)]);
    expect(w.fake.requests).toHaveLength(2);
  });

  it('schema-invalid plans (two options; then min > max): the plans fall through, the vendor trend stays', async () => {
    const w = await world(vendorCase);
    const plans = JSON.parse(w.sample.plans) as { recommendations: { estimatedCost: { min: number; max: number } }[] };
    const inverted = structuredClone(plans);
    const first = inverted.recommendations[0];
    if (first) first.estimatedCost.min = first.estimatedCost.max + 1;
    for (const broken of [{ recommendations: plans.recommendations.slice(0, 2) }, inverted]) {
      w.respond((req) => (requestedOutput(req) === 'plans' ? replies.ok(JSON.stringify(broken), USAGE) : w.answer(req)));
      const r = await w.run(requestFor(`지역${broken === inverted ? 2 : 1}`));
      expect(r.result?.aiProvider).toBe('RULE_BASED');
      expect(r.result?.trendAnalysis.aiProvider).toBe(name);
      expect(r.result?.generation?.calls[1]?.fellBackFrom?.[0]?.reason).toMatch(broken === inverted ? /min > max/ : /expected 3 recommendations/);
    }
    expect(w.fake.requests).toHaveLength(4);
  });

  it('the breaker opens after repeated failures, later calls skip the vendor, and a half-open probe recovers it', async () => {
    const w = await world(vendorCase, { settings: { maxRetries: 0, breakerFailures: 3, breakerHalfOpenMs: 400 } });
    w.respond(() => replies.serverError());
    await w.run(requestFor('A구')); // trend ✗ (1), plans ✗ (2)
    await w.run(requestFor('B구')); // trend ✗ (3): open; plans skipped
    expect(w.chain.breakerStates()).toEqual([{ provider: name, state: 'OPEN' }]);
    const skipped = await w.run(requestFor('C구'));
    expect(w.fake.requests).toHaveLength(3);
    expect(skipped.result?.aiProvider).toBe('RULE_BASED');
    expect(skipped.result?.generation?.calls.map((c) => c.fellBackFrom?.[0]?.reason)).toEqual(['circuit open', 'circuit open']);

    w.respond(w.answer);
    const openedAt = Date.now();
    await waitFor(() => Date.now() - openedAt > 450, { what: 'half-open delay', intervalMs: 50 });
    const recovered = await w.run(requestFor('D구'));
    expect(recovered.result?.aiProvider).toBe(name);
    expect(w.chain.breakerStates()).toEqual([{ provider: name, state: 'CLOSED' }]);
    expect(w.fake.requests).toHaveLength(5);
  });

  it('the shared rate limit: a call that would have to wait past the deadline falls through without reaching the vendor', async () => {
    const w = await world(vendorCase, { requestsPerMinute: 1 });
    const r = await w.run();
    expect(r.status?.status).toBe('COMPLETED');
    expect(r.progress).toEqual([10, 50, 100]);
    expect(r.result?.trendAnalysis.aiProvider).toBe(name); // the minute's one request
    expect(r.result?.aiProvider).toBe('RULE_BASED');
    expect(r.result?.generation?.calls[1]?.fellBackFrom?.[0]?.reason).toMatch(/shared rate limit/);
    expect(w.fake.requests).toHaveLength(1);
  });

  it('deadline: a vendor slower than the deadline → RULE_BASED result within the deadline', async () => {
    // A 1.5 s reserve for what follows the vendors (RULE_BASED, the writes): on a loaded,
    // shared CI box 0.5 s was not always enough.
    const w = await world(vendorCase, { timeoutMs: 20_000, deadlineMs: 3_000, settings: { reserveMs: 1_500 } });
    w.respond((req) => ({ ...w.answer(req), latencyMs: 10_000 }));
    const r = await w.run();
    expect(r.status?.status).toBe('COMPLETED');
    expect(r.progress).toEqual([10, 50, 100]);
    expect(r.result?.aiProvider).toBe('RULE_BASED');
    expect(r.result?.recommendations).toHaveLength(3);
    expect(r.ms).toBeLessThan(3_000);
    expect(w.fake.requests).toHaveLength(1); // the plans call was not even started
  });
});
