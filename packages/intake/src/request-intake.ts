import type { Logger } from '@aisvc/logging';
import { parseJobRequestMessage, type JobRequest, type RejectCode } from '@aisvc/contracts';
import { MessageTooLargeError, type InboundMessage, type MessagePublisher, type OutboundMessage } from '@aisvc/messaging';
import type { RecommendationQueue } from '@aisvc/queue';
import type { AiStore } from '@aisvc/store';

/** Headers of a dead-letter record (SPEC §3). */
export const DLQ_HEADERS = {
  errorCode: 'x-error-code',
  errorReason: 'x-error-reason',
  sourceTopic: 'x-source-topic',
  sourcePartition: 'x-source-partition',
  sourceOffset: 'x-source-offset',
  failedAt: 'x-failed-at',
  /** Set when the value had to be left out because the DLQ refused the record's size. */
  valueDropped: 'x-value-dropped',
  originalSize: 'x-original-size',
} as const;

// A reason names the field and the rule; anything longer is noise in a header.
const MAX_REASON_LENGTH = 1_000;

export interface RequestIntakeDeps {
  store: AiStore;
  queue: Pick<RecommendationQueue, 'enqueueMany'>;
  deadLetters: MessagePublisher;
  deadLetterTopic: string;
  /** Larger values are dead-lettered as TOO_LARGE before parsing. */
  maxMessageBytes: number;
  /**
   * Older messages are skipped and counted: nobody waits for their answer any more, and
   * past the status TTL a replay (a new consumer group reading from the earliest offset)
   * could no longer be told apart from a new request.
   */
  maxMessageAgeMs: number;
  logger: Logger;
  now?: () => Date;
}

/** Why a message went to the DLQ: a validation code, or its jobId taken by another event. */
export type DeadLetterCode = RejectCode | 'CONFLICT';

export type IntakeOutcome =
  | { kind: 'enqueued'; jobId: string; bullJobId: string }
  /** The job already finished (or failed for good): a late redelivery, nothing to do. */
  | { kind: 'already-finished'; jobId: string }
  | { kind: 'dead-lettered'; code: DeadLetterCode; reason: string }
  /** Older than maxMessageAgeMs: skipped, counted in a summary line. */
  | { kind: 'expired' };

/** Turns runs of `ai-job-request` messages into jobs and DLQ records. */
export type RequestIntake = (messages: InboundMessage[]) => Promise<IntakeOutcome[]>;

/** A summary line for expired messages every so often, not one line per message. */
const EXPIRED_SUMMARY_EVERY_MS = 30_000;

/**
 * Turns each `ai-job-request` message of a run into exactly one BullMQ job or one DLQ
 * record (or skips it as expired), in a few round trips for the whole run: the PENDING
 * statuses (and those that existed) in one script, the jobs in one addBulk, the DLQ
 * records in one send. It resolves only after all of that is durable,
 * so the caller commits the offsets afterwards; any throw means "not handled, deliver
 * the run again" (every step is idempotent).
 */
export function createRequestIntake(deps: RequestIntakeDeps): RequestIntake {
  const { store, queue, deadLetters, deadLetterTopic, maxMessageBytes, maxMessageAgeMs, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const expired = { count: 0, since: 0, loggedAt: 0 };

  function deadLetterRecord(message: InboundMessage, code: DeadLetterCode, reason: string): OutboundMessage {
    return {
      key: message.key,
      value: message.value, // the original bytes, unchanged
      headers: {
        ...message.headers,
        [DLQ_HEADERS.errorCode]: code,
        [DLQ_HEADERS.errorReason]: reason.slice(0, MAX_REASON_LENGTH),
        [DLQ_HEADERS.sourceTopic]: message.topic,
        [DLQ_HEADERS.sourcePartition]: String(message.partition),
        [DLQ_HEADERS.sourceOffset]: message.offset,
        [DLQ_HEADERS.failedAt]: now().toISOString(),
      },
    };
  }

  async function publishDeadLetters(records: { message: InboundMessage; code: DeadLetterCode; reason: string }[]): Promise<void> {
    if (records.length === 0) return;
    const outbound = records.map((r) => deadLetterRecord(r.message, r.code, r.reason));
    try {
      await deadLetters.publish(deadLetterTopic, outbound);
    } catch (error) {
      if (!(error instanceof MessageTooLargeError)) throw error;
      // One record is larger than the DLQ takes: each on its own, and the one that does
      // not fit still says what failed and where the original lies (topic, partition,
      // offset); only its bytes are left out. A resend can only duplicate (at least once).
      for (const [i, record] of outbound.entries()) {
        await deadLetters.publish(deadLetterTopic, [record]).catch(async (single: unknown) => {
          if (!(single instanceof MessageTooLargeError)) throw single;
          const original = records[i]?.message.value?.length ?? 0;
          await deadLetters.publish(deadLetterTopic, [
            { ...record, value: null, headers: { ...record.headers, [DLQ_HEADERS.valueDropped]: 'true', [DLQ_HEADERS.originalSize]: String(original) } },
          ]);
        });
      }
    }
    for (const { message, code, reason } of records) {
      logger.warn({ code, reason, topic: message.topic, partition: message.partition, offset: message.offset }, 'request dead-lettered');
    }
  }

  function countExpired(n: number, message: InboundMessage | undefined): void {
    const at = Date.now();
    if (n > 0) {
      if (expired.count === 0) expired.since = at;
      expired.count += n;
    }
    // One line when a run of expired messages ends, and every 30 s while it goes on.
    const ended = n === 0 && expired.count > 0;
    if (ended || (expired.count > 0 && at - Math.max(expired.since, expired.loggedAt) >= EXPIRED_SUMMARY_EVERY_MS)) {
      logger.info(
        { skipped: expired.count, maxMessageAgeMs, lastTopic: message?.topic, lastPartition: message?.partition, lastOffset: message?.offset },
        `skipped ${expired.count} request(s) older than MAX_MESSAGE_AGE_MS (${Math.round(maxMessageAgeMs / 60_000)} min)${ended ? '' : ' so far'}`,
      );
      expired.loggedAt = at;
      if (ended) expired.count = 0;
    }
  }

  /**
   * One line per run and partition, not per request: at 10,000+ requests/s a line each cost
   * the bridge about a tenth of its throughput. A jobId is still one grep away, with the
   * partition and offset it came from (`offsets[i]` is `jobIds[i]`'s).
   */
  function logAccepted(enqueued: { message: InboundMessage; request: JobRequest; statusExisted: boolean }[]): void {
    const byPartition = new Map<number, { jobIds: string[]; offsets: string[]; redelivered: string[] }>();
    for (const { message, request, statusExisted } of enqueued) {
      let entry = byPartition.get(message.partition);
      if (!entry) byPartition.set(message.partition, (entry = { jobIds: [], offsets: [], redelivered: [] }));
      entry.jobIds.push(request.jobId);
      entry.offsets.push(message.offset);
      // Its PENDING status existed: a redelivery after a crash, or a request the api recorded first.
      if (statusExisted) entry.redelivered.push(request.jobId);
    }
    for (const [partition, entry] of byPartition) {
      logger.info({ topic: enqueued[0]?.message.topic, partition, count: entry.jobIds.length, ...entry }, 'requests accepted');
    }
  }

  return async (messages) => {
    const outcomes: IntakeOutcome[] = new Array<IntakeOutcome>(messages.length);
    const rejected: { index: number; message: InboundMessage; code: DeadLetterCode; reason: string }[] = [];
    const accepted: { index: number; message: InboundMessage; request: JobRequest }[] = [];
    let expiredHere = 0;
    const nowMs = now().getTime();

    for (const [index, message] of messages.entries()) {
      const ageMs = nowMs - message.timestamp;
      if (ageMs > maxMessageAgeMs) {
        outcomes[index] = { kind: 'expired' };
        expiredHere++;
        continue;
      }
      let parsed: ReturnType<typeof parseJobRequestMessage>;
      try {
        parsed = parseJobRequestMessage(message.value, maxMessageBytes, now);
      } catch (error) {
        // A message that breaks the parser itself is still just a bad message: it must
        // not be retried forever and block its partition.
        parsed = { ok: false, code: 'INVALID_MESSAGE', reason: `could not be parsed: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (parsed.ok) accepted.push({ index, message, request: parsed.request });
      else rejected.push({ index, message, code: parsed.code, reason: parsed.reason });
    }
    countExpired(expiredHere, messages[messages.length - 1]);

    // PENDING only where no status exists: a redelivery never resets a running or finished job.
    const claims = await store.claimPendingStatuses(accepted.map((a) => a.request));
    const toEnqueue: { index: number; message: InboundMessage; request: JobRequest; replaceFinished: boolean; statusExisted: boolean }[] = [];
    for (const [i, a] of accepted.entries()) {
      const status = claims[i]?.existing ?? null;
      const { jobId, eventId } = a.request;
      if (status && status.eventId !== eventId) {
        rejected.push({ ...a, code: 'CONFLICT', reason: `jobId ${jobId} belongs to event ${status.eventId}, not ${eventId}` });
      } else if (status?.status === 'COMPLETED' || status?.status === 'FAILED') {
        logger.info({ jobId, eventId, status: status.status, offset: a.message.offset }, 'redelivered request of a finished job ignored');
        outcomes[a.index] = { kind: 'already-finished', jobId };
      } else {
        // Absent or PENDING (whoever wrote it: this bridge, or the api before publishing)
        // next to a finished BullMQ job: that job is an earlier run's, so it is replaced.
        toEnqueue.push({ ...a, replaceFinished: status === null || status.status === 'PENDING', statusExisted: status !== null });
      }
    }

    const bullJobIds = await queue.enqueueMany(toEnqueue);
    for (const [i, { index, request }] of toEnqueue.entries()) {
      outcomes[index] = { kind: 'enqueued', jobId: request.jobId, bullJobId: bullJobIds[i] ?? '' };
    }
    logAccepted(toEnqueue);

    await publishDeadLetters(rejected);
    for (const { index, code, reason } of rejected) outcomes[index] = { kind: 'dead-lettered', code, reason };
    return outcomes;
  };
}
