/**
 * Fault 6: more requests than the workers take. Above QUEUE_HIGH_WATER_MARK waiting jobs the
 * bridge pauses consumption (Redis runs noeviction: a flood must not fill it); once a worker
 * has brought the queue below QUEUE_LOW_WATER_MARK it resumes, until everything is done.
 * Each transition is logged once.
 *
 * EXPECTED TO FAIL until issue 7 §3 lands: today the bridge has no water marks, never logs
 * the pause and enqueues everything.
 */
import { describe, expect, it } from 'vitest';
import { produce, waitFor } from '@aisvc/testkit';
import { launch, scenario, whileRunning } from './support.js';

const HIGH = 100;
const LOW = 20;
const FIRST = 400; // above the high-water mark at once
const TOTAL = 1_000;
const PAUSED = 'queue above the high-water mark; consumption paused';
const RESUMED = 'queue below the low-water mark; consumption resumed';

describe('fault: queue above the high-water mark', () => {
  it('the bridge pauses, then drains after a worker catches up', async () => {
    const { env, seen, jobIds, messages } = scenario('backpressure', TOTAL, { QUEUE_HIGH_WATER_MARK: String(HIGH), QUEUE_LOW_WATER_MARK: String(LOW) });

    const bridge = await launch('kafka-bridge', env);
    await produce(env.KAFKA_REQUEST_TOPIC, messages.slice(0, FIRST));
    // No worker yet: the queue only grows until the bridge pauses.
    const pause = await bridge.waitForLog((l) => l.msg === PAUSED, 'the pause above the high-water mark', 30_000);
    expect(Number(pause['waiting'])).toBeGreaterThanOrEqual(HIGH);

    // Paused, the bridge takes none of what arrives now: the job count settles (unchanged over
    // 3 s: proving an absence takes a window) with requests left in Kafka.
    await produce(env.KAFKA_REQUEST_TOPIC, messages.slice(FIRST));
    const heldAt = await whileRunning(
      [bridge],
      waitFor(
        async () => {
          const before = await seen.jobCount();
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          return before === (await seen.jobCount()) ? before : undefined;
        },
        { what: 'the job count to settle while paused', timeoutMs: 60_000 },
      ),
    );
    expect(heldAt, 'requests left in Kafka while paused').toBeLessThan(TOTAL);

    let peakWaiting = heldAt;
    const worker = await launch('worker', env);
    await whileRunning(
      [bridge, worker],
      waitFor(
        async () => {
          peakWaiting = Math.max(peakWaiting, await seen.waitingCount());
          return (await seen.queue.getCompletedCount()) >= TOTAL;
        },
        { what: `${TOTAL} jobs completed`, timeoutMs: 120_000, intervalMs: 100 },
      ),
    );

    // Once per transition: pause, resume, pause, … never twice the same in a row.
    const transitions = bridge.logs.filter((l) => l.msg === PAUSED || l.msg === RESUMED);
    const sequence = transitions.map((l) => (l.msg === PAUSED ? 'pause' : 'resume'));
    console.log(`backpressure: ${sequence.join(' → ')}; ${heldAt} jobs held while paused; peak waiting ${peakWaiting}`);
    expect(sequence.filter((t, i) => t === sequence[i - 1]), 'the same transition logged twice in a row').toEqual([]);
    expect(sequence[0]).toBe('pause');
    expect(sequence).toContain('resume');
    expect(transitions.filter((l) => l.msg === PAUSED).every((l) => Number(l['waiting']) >= HIGH), 'paused above the high-water mark').toBe(true);
    expect(transitions.filter((l) => l.msg === RESUMED).every((l) => Number(l['waiting']) <= LOW), 'resumed below the low-water mark').toBe(true);
    await seen.expectExactlyOnce(jobIds, 'COMPLETED');
    expect(await Promise.all([bridge.stop(), worker.stop()])).toEqual([0, 0]);
  });
});
