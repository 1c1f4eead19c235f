/**
 * Fault 5: malformed requests (bad JSON, missing fields, wrong types, too large, empty, not an
 * object) interleaved with valid ones over 3 partitions: each bad one becomes exactly one DLQ
 * record saying why and where it came from, each good one exactly one job, and the bridge
 * goes on consuming.
 */
import { describe, expect, it } from 'vitest';
import { produce, readRecords, streamMessages, waitFor } from '@aisvc/testkit';
import { launch, scenario, request, whileRunning } from './support.js';

const VALID = 400;
const MAX_MESSAGE_BYTES = 4_096;

interface Bad {
  key: string;
  value: string | Buffer;
  code: 'INVALID_JSON' | 'INVALID_MESSAGE' | 'TOO_LARGE';
  /** A part of the reason the DLQ record must give. */
  reason: string;
}

/** 60 malformed requests, of every kind the bridge must reject. */
function malformed(): Bad[] {
  const bad: Omit<Bad, 'key'>[] = [];
  const json = (value: string | Buffer, reason: string) => bad.push({ value, code: 'INVALID_JSON', reason });
  const invalid = (value: string | Buffer, reason: string) => bad.push({ value, code: 'INVALID_MESSAGE', reason });
  for (let i = 0; i < 3; i++) {
    const ok = request(`BAD-${i}`);
    json(ok.slice(0, 20 + i * 7), 'not UTF-8 JSON'); // truncated
    json(`${ok.slice(0, -1)},}`, 'not UTF-8 JSON'); // trailing comma
    json(ok.replaceAll('"', "'"), 'not UTF-8 JSON'); // single quotes
    json(`plain text ${i}`, 'not UTF-8 JSON');
    json(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ok)]).toString('latin1'), 'not UTF-8 JSON');
    json(Buffer.from([0x7b, 0xc3, 0x28 + i, 0x7d]), 'not UTF-8 JSON'); // not UTF-8
    for (const field of ['jobId', 'eventId', 'objective', 'industry', 'region']) {
      const { [field]: _dropped, ...rest } = JSON.parse(ok) as Record<string, unknown>;
      invalid(JSON.stringify(rest), field); // missing field
    }
    invalid(request(`BAD-${i}`, { jobId: 1000 + i }), '/jobId: must be string');
    invalid(request(`BAD-T-${i}`, { eventId: true }), '/eventId: must be string');
    invalid(request(`BAD-T-${i}`, { industry: ['음식점'] }), '/industry: must be string');
    invalid(request(`BAD-T-${i}`, { region: null }), '/region: must be string');
    invalid(request(`BAD-T-${i}`, { storeInfo: 'big' }), '/storeInfo: must be object');
    invalid(request(`BAD-T-${i}`, { storeInfo: { budget: { min: 'low', max: 10 } } }), '/storeInfo/budget/min');
    invalid(request(`BAD-T-${i}`, { jobId: 'has:colon' }), '/jobId: must match pattern');
    invalid([`[${i}]`, `"text ${i}"`, `${i}`][i] ?? 'null', 'must be a JSON object');
    bad.push({ value: request(`BAD-L-${i}`, { objective: 'x'.repeat(MAX_MESSAGE_BYTES + i) }), code: 'TOO_LARGE', reason: `the limit is ${MAX_MESSAGE_BYTES}` });
  }
  invalid('', 'empty message value');
  return bad.map((b, i) => ({ ...b, key: `bad-${String(i).padStart(3, '0')}` }));
}

describe('fault: malformed messages', () => {
  it('each bad one in the DLQ with its reason, each good one enqueued once, the bridge still consuming', async () => {
    const { env, seen, jobIds, messages: valid } = scenario('malformed', VALID, { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) });
    const bad = malformed();
    expect(bad.length).toBeGreaterThanOrEqual(50);
    // One bad message after every few good ones, all partitions.
    const step = Math.floor(VALID / bad.length);
    const mixed = valid.flatMap((m, i) => {
      const b = i % step === step - 1 ? bad[Math.floor(i / step)] : undefined;
      return b ? [m, { key: b.key, value: b.value }] : [m];
    });
    expect(mixed.length).toBe(VALID + bad.length);

    const bridge = await launch('kafka-bridge', env);
    await whileRunning([bridge], streamMessages(env.KAFKA_REQUEST_TOPIC, mixed, { chunkSize: 50 }).done);
    await whileRunning([bridge], seen.waitForTotals(VALID));
    const dead = await whileRunning([bridge], readRecords(env.KAFKA_DLQ_TOPIC, bad.length, 60_000));
    expect(await seen.deadLetterCount(), 'exactly one DLQ record per bad message').toBe(bad.length);

    // Where each bad message lies in the request topic, to check the DLQ's source headers.
    const sources = new Map((await readRecords(env.KAFKA_REQUEST_TOPIC, mixed.length, 60_000)).map((r) => [r.key, r]));
    const wrong = bad.flatMap((b) => {
      const record = dead.find((r) => r.key === b.key);
      const source = sources.get(b.key);
      const problems = [
        record ? '' : 'no DLQ record',
        record?.headers['x-error-code'] === b.code ? '' : `code ${record?.headers['x-error-code']} instead of ${b.code}`,
        record?.headers['x-error-reason']?.includes(b.reason) ? '' : `reason "${record?.headers['x-error-reason']}" without "${b.reason}"`,
        record?.headers['x-source-topic'] === env.KAFKA_REQUEST_TOPIC ? '' : 'wrong x-source-topic',
        source && record?.headers['x-source-partition'] === String(source.partition) && record.headers['x-source-offset'] === source.offset
          ? ''
          : `source ${record?.headers['x-source-partition']}@${record?.headers['x-source-offset']} instead of ${source?.partition}@${source?.offset}`,
        // The original bytes, unchanged (none of these is too large for the DLQ).
        record?.value?.equals(Buffer.from(b.value)) ? '' : 'value changed',
      ].filter(Boolean);
      return problems.length > 0 ? [`${b.key}: ${problems.join('; ')}`] : [];
    });
    expect(wrong).toEqual([]);
    await seen.expectExactlyOnce(jobIds);

    // Still consuming: a request sent now is handled.
    await produce(env.KAFKA_REQUEST_TOPIC, [{ key: 'EVT-AFTER', value: request('AFTER') }]);
    await whileRunning([bridge], waitFor(() => seen.queue.getJob('ai-AFTER'), { what: 'the request sent after all the bad ones' }));
    expect(await bridge.stop()).toBe(0);
  });
});
