/**
 * The api with a dependency gone: reads keep working without Kafka, and a
 * missing dependency is a 503 naming it, never a 500 or a hang.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseEnv } from '@aisvc/config';
import { isolatedEnv, waitFor } from '@aisvc/testkit';
import { startApi, type RunningApi } from '../src/api.js';
import { ApiEnv } from '../src/env.js';

const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'silent' });

/** A port nothing listens on (bound, then released). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const call = async (api: RunningApi, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${api.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('api without Kafka', () => {
  let api: RunningApi;
  beforeAll(async () => {
    const env = parseEnv(ApiEnv, { ...isolatedEnv('no-kafka'), KAFKA_BROKERS: `127.0.0.1:${await freePort()}`, HOST: '127.0.0.1', PORT: '0' });
    api = await startApi(env, logger);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('starts and reports DEGRADED with Kafka DOWN', async () => {
    const { status, body } = await call(api, 'GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'DEGRADED', services: { redis: 'UP', kafka: 'DOWN' } });
  });

  it('still serves reads', async () => {
    expect((await call(api, 'GET', '/internal/jobs/ANY-1/status')).status).toBe(404);
  });

  it('answers a submission with 503 naming Kafka and records nothing', async () => {
    const submit = { jobId: 'NO-KAFKA-1', eventId: 'E', objective: '매출 증대', industry: '카페', region: '중구' };
    const { status, body } = await call(api, 'POST', '/internal/jobs', submit);
    expect(status).toBe(503);
    expect(body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { dependency: 'kafka' } });
    expect((await call(api, 'GET', '/internal/jobs/NO-KAFKA-1/status')).status).toBe(404);
  }, 30_000);
});

describe('api losing Redis', () => {
  let api: RunningApi;
  let redis: ChildProcess;
  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const env = parseEnv(ApiEnv, { ...isolatedEnv('lose-redis'), REDIS_URL: `redis://127.0.0.1:${port}`, HOST: '127.0.0.1', PORT: '0' });
    api = await waitFor(() => startApi(env, logger), { what: 'api on the private Redis', timeoutMs: 10_000, intervalMs: 100 });
  });
  afterAll(async () => {
    redis.kill('SIGKILL');
    await api.stop().catch(() => undefined);
  });

  it('answers 503 naming Redis, and /health says DOWN with 503', async () => {
    expect((await call(api, 'GET', '/internal/jobs/ANY-2/status')).status).toBe(404);
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    const read = await waitFor(async () => {
      const r = await call(api, 'GET', '/internal/jobs/ANY-2/status');
      return r.status === 503 ? r : undefined;
    }, { what: '503 after Redis died' });
    expect(read.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { dependency: 'redis' } });
    const health = await call(api, 'GET', '/health');
    expect(health).toMatchObject({ status: 503, body: { status: 'DOWN', services: { redis: 'DOWN' } } });
  });
});
