/**
 * skip-batch: the operator's one command to skip a record batch the bridge cannot read.
 *
 *   pnpm skip-batch --topic ai-job-request --partition 1 --offset 42        (from the repo)
 *   node dist/skip-batch.js --topic ai-job-request --partition 1 --offset 42 (in the bridge's image)
 *
 * It records an approval for the batch that starts at that offset (the bridge's error line
 * and /health give all three values) and waits for the bridge holding the partition to
 * dead-letter the batch's coordinates and commit past it. A bridge only ever skips the
 * batch it found unreadable itself, at exactly that offset: a wrong offset skips nothing.
 * Exit codes: 0 skipped; 2 bad arguments or not the offset a bridge reported; 3 approval
 * stored but no bridge confirmed in time (it applies when a bridge next reaches the batch).
 * Env: REDIS_URL / CACHE_REDIS_URL, KEY_PREFIX, KAFKA_REQUEST_TOPIC (the default --topic).
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from 'typebox';
import { KafkaEnv, parseEnv, RedisEnv } from '@aisvc/config';
import { connectRedis } from '@aisvc/queue';
import { RedisIntakeControl } from '@aisvc/store';

const SkipBatchEnv = Type.Object({ ...RedisEnv, KAFKA_REQUEST_TOPIC: KafkaEnv.KAFKA_REQUEST_TOPIC });

const USAGE = 'usage: skip-batch [--topic <topic>] --partition <n> --offset <first offset of the batch> [--wait-seconds <s, default 60>]';

async function main(): Promise<number> {
  const env = parseEnv(SkipBatchEnv);
  const { values } = parseArgs({
    options: { topic: { type: 'string' }, partition: { type: 'string' }, offset: { type: 'string' }, 'wait-seconds': { type: 'string' } },
  });
  const topic = values.topic ?? env.KAFKA_REQUEST_TOPIC;
  const partition = Number(values.partition);
  const firstOffset = values.offset ?? '';
  const waitSeconds = Number(values['wait-seconds'] ?? 60);
  if (!Number.isInteger(partition) || partition < 0 || !/^[0-9]+$/.test(firstOffset) || !(waitSeconds >= 0)) {
    console.error(USAGE);
    return 2;
  }

  const redis = await connectRedis(env.CACHE_REDIS_URL ?? env.REDIS_URL, 'client', { name: 'skip-batch' });
  try {
    const control = new RedisIntakeControl(redis, { keyPrefix: env.KEY_PREFIX });
    const where = `${topic}/${partition}@${firstOffset}`;
    const reported = (await control.listUnreadable()).find((r) => r.topic === topic && r.partition === partition);
    if (reported && reported.firstOffset !== firstOffset) {
      console.error(`skip-batch: the unreadable batch reported for ${topic}/${partition} starts at offset ${reported.firstOffset}, not ${firstOffset}; nothing recorded`);
      return 2;
    }
    console.log(
      reported
        ? `skip-batch: ${where}: offsets ${reported.firstOffset}..${reported.lastOffset} (${reported.compression}, ${reported.sizeBytes} bytes), held by ${reported.holder}: ${reported.reason}`
        : `skip-batch: no bridge reports an unreadable batch at ${where} right now; the approval waits for one that does`,
    );
    await control.requestSkip({ topic, partition, firstOffset, requestedAt: new Date().toISOString() });
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      const result = await control.getSkipResult(topic, partition, firstOffset);
      if (result) {
        console.log(
          `skip-batch: skipped ${topic}/${partition} offsets ${result.firstOffset}..${result.lastOffset} at ${result.skippedAt} (bridge ${result.holder}); ` +
            `a record with its coordinates is on ${result.deadLetterTopic}`,
        );
        return 0;
      }
      if (Date.now() >= deadline) {
        console.log(`skip-batch: approval stored (kept 7 days); no bridge confirmed within ${waitSeconds} s. It applies when a bridge reaches ${where}.`);
        return 3;
      }
      await sleep(500);
    }
  } finally {
    await redis.quit();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`skip-batch: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
