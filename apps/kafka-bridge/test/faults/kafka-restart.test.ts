/**
 * Fault 3: the Kafka broker dies mid-stream (SIGKILL: an unclean stop, its logs are recovered
 * on start), stays away 20 s and is started again on its data. Processing must go on from
 * the offsets the group committed, not from the beginning, losing nothing.
 *
 * The bridge rides out the outage in the same process: a broker away is not a reason to exit
 * (only a fatal client error is); it keeps trying to rejoin until the broker answers.
 */
import { describe, expect, it } from 'vitest';
import { committedOffsets, dedicatedServices, waitFor } from '@aisvc/testkit';
import { accepted, errorsLogged, joins, launch, scenario, whileRunning } from './support.js';

const TOTAL = 3_000;
// Longer than the broker's session timeout (9 s), so the broker then starts without waiting
// for its old registration to expire: the outage lasts this long plus one start.
const DOWN_MS = 20_000;

describe('fault: Kafka broker restarted', () => {
  it('mid-stream, away for 20 s: the same bridge resumes from the committed offsets, totals exact', async () => {
    const services = dedicatedServices();
    const { env, seen, jobIds, messages } = scenario('kafka', TOTAL);

    const bridge = await launch('kafka-bridge', env);
    const bridges = [bridge];
    const stream = seen.stream(messages);
    await seen.waitForJobs(1_000, bridges);

    // Read just before the kill: whatever the bridge handles from now on lies at or after these.
    const committed = await committedOffsets(env.KAFKA_CONSUMER_GROUP, env.KAFKA_REQUEST_TOPIC);
    const downFrom = Date.now();
    await services.kill('kafka');
    await new Promise((resolve) => setTimeout(resolve, DOWN_MS)); // the fault itself
    await services.up(['kafka']);
    const downTo = Date.now();

    // The same bridge handles messages again (waitFor fails at once if it exits).
    await waitFor(() => (bridge.exitCode !== undefined ? 'exited' : accepted(bridge).some((a) => a.at > downTo)), {
      what: 'the bridge to handle messages again after the restart',
      timeoutMs: 90_000,
      intervalMs: 100,
    });
    const exits = bridge.exitCode !== undefined ? [bridge.exitCode] : [];
    await whileRunning([bridge], stream.done);
    await whileRunning([bridge], seen.waitForTotals(TOTAL));

    const since = bridges.flatMap(accepted).filter((a) => a.at >= downFrom);
    const belowCommit = since.filter((a) => a.offset < (committed.get(a.partition) ?? 0n));
    console.log(
      `Kafka down ${downTo - downFrom} ms; committed before: ${[...committed].map(([p, o]) => `${p}@${o}`).join(' ')}; ` +
        `handled since: ${since.length} (${since.filter((a) => a.redelivered).length} redeliveries, ${belowCommit.length} below the commit); ` +
        `bridge exit codes ${JSON.stringify(exits)}; rejoins ${joins(bridges[0] ?? bridge).filter((j) => j.at >= downFrom).length}; ` +
        `errors logged ${JSON.stringify(errorsLogged(bridges[0] ?? bridge))}`,
    );
    expect(exits, 'the bridge exited during the outage').toEqual([]);
    expect(belowCommit.slice(0, 5), 'messages handled again from before the committed offsets').toEqual([]);
    await seen.expectExactlyOnce(jobIds);
    expect(await seen.deadLetterCount()).toBe(0);
    expect(await bridge.stop()).toBe(0);
  });
});
