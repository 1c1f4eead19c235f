/**
 * Fault 4: two bridges share 3 partitions; one is killed with SIGKILL mid-stream. The group
 * coordinator notices when its session times out (kafkajs default 30 s) and gives all the
 * partitions to the survivor, which goes on from the dead one's committed offsets.
 */
import { describe, expect, it } from 'vitest';
import { committedOffsets, waitFor } from '@aisvc/testkit';
import { accepted, joins, launch, scenario, stableAssignment, whileRunning } from './support.js';

const TOTAL = 3_000;

describe('fault: one of two bridges killed', () => {
  it('the survivor takes its partitions; totals exact', async () => {
    const { env, seen, jobIds, messages } = scenario('failover', TOTAL);

    const [survivor, victim] = [await launch('kafka-bridge', env), await launch('kafka-bridge', env)];
    if (!survivor || !victim) throw new Error('two bridges expected');
    const [survivorShare = [], victimShare = []] = await stableAssignment([survivor, victim]);
    const stream = seen.stream(messages);
    await seen.waitForJobs(1_000, [survivor, victim]);

    // Read just before the kill: only the survivor can move the victim's partitions past these.
    const committedAtKill = await committedOffsets(env.KAFKA_CONSUMER_GROUP, env.KAFKA_REQUEST_TOPIC);
    expect(victimShare.every((p) => (committedAtKill.get(p) ?? -1n) > 0n), 'the victim had consumed its partitions').toBe(true);
    const killedAt = Date.now();
    await victim.kill();
    const takeover = await whileRunning(
      [survivor],
      waitFor(() => joins(survivor).find((j) => j.at > killedAt && j.partitions.length === 3), {
        what: 'the survivor to rejoin with all 3 partitions',
        timeoutMs: 90_000,
        intervalMs: 100,
      }),
    );
    await whileRunning([survivor], stream.done);
    await whileRunning([survivor], seen.waitForTotals(TOTAL));

    const fromVictimsPartitions = accepted(survivor).filter((a) => a.at > takeover.at && victimShare.includes(a.partition));
    console.log(
      `failover: shares ${JSON.stringify(survivorShare)} / ${JSON.stringify(victimShare)}; survivor took all 3 partitions ` +
        `${takeover.at - killedAt} ms after the kill; it then handled ${fromVictimsPartitions.length} messages of the victim's partitions ` +
        `(${fromVictimsPartitions.filter((a) => a.redelivered).length} redeliveries)`,
    );
    await seen.expectExactlyOnce(jobIds);
    expect(await seen.deadLetterCount()).toBe(0);
    expect(await survivor.stop()).toBe(0); // a graceful stop commits what it handled
    const committedAtEnd = await committedOffsets(env.KAFKA_CONSUMER_GROUP, env.KAFKA_REQUEST_TOPIC);
    expect(
      victimShare.map((p) => (committedAtEnd.get(p) ?? -1n) > (committedAtKill.get(p) ?? -1n)),
      "the survivor consumed the victim's partitions",
    ).toEqual(victimShare.map(() => true));
  });
});
