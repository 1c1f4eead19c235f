/**
 * Fault 1: the bridge is killed with SIGKILL (no shutdown, no commit) twice while 5,000
 * requests stream in over 3 partitions; a new bridge takes over each time.
 */
import { describe, expect, it } from 'vitest';
import { accepted, launch, scenario, whileRunning } from './support.js';

const TOTAL = 5_000;

describe('fault: kill -9 of the bridge', () => {
  it('twice while 5,000 messages stream in over 3 partitions: exactly 5,000 jobs and statuses', async () => {
    const { env, seen, jobIds, messages } = scenario('kill', TOTAL);

    let bridge = await launch('kafka-bridge', env);
    const bridges = [bridge];
    const stream = seen.stream(messages);
    const restartMs: number[] = [];
    for (const killAt of [1_500, 3_000]) {
      await seen.waitForJobs(killAt, [bridge]);
      expect(stream.sent, 'the kill lands while messages still stream in').toBeLessThan(TOTAL);
      await bridge.kill();
      const t0 = Date.now();
      bridge = await launch('kafka-bridge', env);
      restartMs.push(Date.now() - t0);
      bridges.push(bridge);
    }
    await whileRunning([bridge], stream.done);
    await whileRunning([bridge], seen.waitForTotals(TOTAL));
    // A graceful stop commits what it handled: nothing may appear after it either.
    expect(await bridge.stop()).toBe(0);

    await seen.expectExactlyOnce(jobIds);
    expect(await seen.deadLetterCount()).toBe(0);
    const handled = bridges.flatMap(accepted);
    console.log(
      `bridge killed twice: ${handled.length} messages handled for ${TOTAL} requests ` +
        `(${handled.filter((h) => h.redelivered).length} redeliveries absorbed); new bridge consuming after ${restartMs.join(' / ')} ms`,
    );
  });
});
