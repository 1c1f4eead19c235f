import type { Logger } from '@aisvc/logging';
import type { MessageConsumer, MessagePublisher, UnreadableBatch } from '@aisvc/messaging';
import type { IntakeControl } from '@aisvc/store';
import { DLQ_HEADERS } from './request-intake.js';

/**
 * What the bridge does about a record batch its Kafka client cannot decode. The consumer
 * has paused that partition (the others go on). This keeps the batch visible until an
 * operator decides: an error log line naming the coordinates and the command that skips
 * it (repeated every `remindEveryMs`), and a report in Redis that the api's /health shows.
 * When the operator's approval for exactly that batch appears in Redis, it writes a DLQ
 * record carrying the coordinates, commits past the batch, and confirms.
 *
 * Never automatic: the batch may hold valid requests, which the operator may still fetch
 * from the source topic (with a client that reads it) while the topic retains them.
 */

/** Header names added to the DLQ headers for a skipped batch. */
export const SKIPPED_BATCH_HEADERS = {
  lastOffset: 'x-source-last-offset',
  compression: 'x-source-compression',
  batchBytes: 'x-source-batch-bytes',
} as const;

type HoldingConsumer = Pick<MessageConsumer, 'unreadableBatches' | 'skipUnreadableBatch'>;

export interface UnreadableBatchKeeperDeps {
  control: IntakeControl;
  deadLetters: MessagePublisher;
  deadLetterTopic: string;
  /** Names this process in reports, e.g. host/pid. */
  holder: string;
  logger: Logger;
  /** How often approvals are looked for and reports refreshed (default 2 s). */
  checkEveryMs?: number;
  /** How often the error line is repeated while a batch is held (default 60 s). */
  remindEveryMs?: number;
  now?: () => Date;
}

export interface UnreadableBatchKeeper {
  /** The consumer's onUnreadableBatch. */
  onUnreadableBatch(batch: UnreadableBatch): void;
  /** One round: refresh reports, remind, act on approvals. Runs on a timer after start(). */
  check(): Promise<void>;
  /** Starts the rounds for the batches `consumer` holds. */
  start(consumer: HoldingConsumer): void;
  stop(): Promise<void>;
}

/** The operator's command for a batch, as the log line and the README give it. */
export const skipCommand = (batch: Pick<UnreadableBatch, 'topic' | 'partition' | 'firstOffset'>): string =>
  `pnpm skip-batch --topic ${batch.topic} --partition ${batch.partition} --offset ${batch.firstOffset}`;

export function createUnreadableBatchKeeper(deps: UnreadableBatchKeeperDeps): UnreadableBatchKeeper {
  const { control, deadLetters, deadLetterTopic, holder, logger } = deps;
  let consumer: HoldingConsumer | undefined;
  const checkEveryMs = deps.checkEveryMs ?? 2_000;
  const remindEveryMs = deps.remindEveryMs ?? 60_000;
  const now = deps.now ?? (() => new Date());
  const detectedAt = new Map<string, { at: string; remindedAt: number }>();
  const keyOf = (b: UnreadableBatch) => `${b.topic}/${b.partition}@${b.firstOffset}`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const describe = (batch: UnreadableBatch) => ({
    topic: batch.topic,
    partition: batch.partition,
    firstOffset: batch.firstOffset,
    lastOffset: batch.lastOffset,
    compression: batch.compression,
    sizeBytes: batch.sizeBytes,
    reason: batch.reason,
    skipCommand: skipCommand(batch),
  });
  const complain = (batch: UnreadableBatch, first: boolean) =>
    logger.error(
      describe(batch),
      `${first ? 'cannot read' : 'still holding'} the record batch at ${batch.topic}/${batch.partition} offsets ${batch.firstOffset}..${batch.lastOffset} ` +
        `(${batch.compression}): partition paused, the others go on; to skip exactly this batch run: ${skipCommand(batch)}`,
    );

  const report = (batch: UnreadableBatch, at: string) =>
    control.reportUnreadable({ ...batch, holder, detectedAt: at, reportedAt: now().toISOString() });

  async function skip(consumer: HoldingConsumer, batch: UnreadableBatch): Promise<void> {
    const skippedAt = now().toISOString();
    // Written first: a crash before the commit replays the skip, so a DLQ consumer may see
    // this record twice (dedup on x-source-topic/partition/offset).
    await deadLetters.publish(deadLetterTopic, [
      {
        key: null,
        value: null,
        headers: {
          [DLQ_HEADERS.errorCode]: 'UNREADABLE_BATCH',
          [DLQ_HEADERS.errorReason]: `record batch skipped on operator request: ${batch.reason}`.slice(0, 1_000),
          [DLQ_HEADERS.sourceTopic]: batch.topic,
          [DLQ_HEADERS.sourcePartition]: String(batch.partition),
          [DLQ_HEADERS.sourceOffset]: batch.firstOffset,
          [SKIPPED_BATCH_HEADERS.lastOffset]: batch.lastOffset,
          [SKIPPED_BATCH_HEADERS.compression]: batch.compression,
          [SKIPPED_BATCH_HEADERS.batchBytes]: String(batch.sizeBytes),
          [DLQ_HEADERS.failedAt]: skippedAt,
        },
      },
    ]);
    if (!(await consumer.skipUnreadableBatch(batch))) return; // the partition moved to another bridge meanwhile
    await control.completeSkip({ ...batch, deadLetterTopic, holder, skippedAt });
    detectedAt.delete(keyOf(batch));
    logger.warn(describe(batch), `skipped the unreadable record batch at ${batch.topic}/${batch.partition} offsets ${batch.firstOffset}..${batch.lastOffset} on operator request; its coordinates are on ${deadLetterTopic}`);
  }

  async function check(): Promise<void> {
    if (!consumer) return;
    for (const batch of consumer.unreadableBatches()) {
      const seen = detectedAt.get(keyOf(batch)) ?? { at: now().toISOString(), remindedAt: Date.now() };
      detectedAt.set(keyOf(batch), seen);
      const approval = await control.getSkipRequest(batch.topic, batch.partition);
      if (approval?.firstOffset === batch.firstOffset) {
        await skip(consumer, batch);
        continue;
      }
      await report(batch, seen.at);
      if (Date.now() - seen.remindedAt >= remindEveryMs) {
        seen.remindedAt = Date.now();
        complain(batch, false);
      }
    }
  }

  const round = () => {
    running ??= check()
      .catch((err: unknown) => logger.warn({ err }, 'could not check the unreadable batches (retried)'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    onUnreadableBatch(batch) {
      const at = now().toISOString();
      detectedAt.set(keyOf(batch), { at, remindedAt: Date.now() });
      complain(batch, true);
      void round();
    },
    check,
    start(holding) {
      consumer = holding;
      timer ??= setInterval(() => void round(), checkEveryMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
