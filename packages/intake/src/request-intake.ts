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
  queue: Pick<RecommendationQueue, 'enqueue'>;
  deadLetters: MessagePublisher;
  deadLetterTopic: string;
  /** Larger values are dead-lettered as TOO_LARGE before parsing. */
  maxMessageBytes: number;
  /**
   * Older messages are dead-lettered as EXPIRED: nobody waits for their answer any
   * more, and past the status TTL a replay (a new consumer group, expired offsets)
   * could no longer be told apart from a new request.
   */
  maxMessageAgeMs: number;
  logger: Logger;
  now?: () => Date;
}

/** Why a message went to the DLQ: a validation code, or its age. */
export type DeadLetterCode = RejectCode | 'EXPIRED';

export type IntakeOutcome =
  | { kind: 'enqueued'; jobId: string; bullJobId: string }
  /** The job already finished (or failed for good): a late redelivery, nothing to do. */
  | { kind: 'already-finished'; jobId: string }
  | { kind: 'dead-lettered'; code: DeadLetterCode; reason: string };

/**
 * Turns one `ai-job-request` message into exactly one BullMQ job or one DLQ
 * record. It resolves only after that effect is durable, so the caller commits
 * the offset afterwards; any throw means "not handled, deliver again".
 */
export function createRequestIntake(deps: RequestIntakeDeps): (message: InboundMessage) => Promise<IntakeOutcome> {
  const { store, queue, deadLetters, deadLetterTopic, maxMessageBytes, maxMessageAgeMs, logger, now } = deps;

  async function deadLetter(message: InboundMessage, code: DeadLetterCode, reason: string): Promise<IntakeOutcome> {
    const record: OutboundMessage = {
      key: message.key,
      value: message.value, // the original bytes, unchanged
      headers: {
        ...message.headers,
        [DLQ_HEADERS.errorCode]: code,
        [DLQ_HEADERS.errorReason]: reason.slice(0, MAX_REASON_LENGTH),
        [DLQ_HEADERS.sourceTopic]: message.topic,
        [DLQ_HEADERS.sourcePartition]: String(message.partition),
        [DLQ_HEADERS.sourceOffset]: message.offset,
        [DLQ_HEADERS.failedAt]: (now?.() ?? new Date()).toISOString(),
      },
    };
    try {
      await deadLetters.publish(deadLetterTopic, [record]);
    } catch (error) {
      if (!(error instanceof MessageTooLargeError)) throw error;
      // The record still says what failed and where the original lies (topic,
      // partition, offset); only the bytes that do not fit are left out.
      await deadLetters.publish(deadLetterTopic, [
        {
          ...record,
          value: null,
          headers: { ...record.headers, [DLQ_HEADERS.valueDropped]: 'true', [DLQ_HEADERS.originalSize]: String(message.value?.length ?? 0) },
        },
      ]);
    }
    logger.warn({ code, reason, topic: message.topic, partition: message.partition, offset: message.offset }, 'request dead-lettered');
    return { kind: 'dead-lettered', code, reason };
  }

  async function accept(request: JobRequest, message: InboundMessage): Promise<IntakeOutcome> {
    const log = logger.child({ jobId: request.jobId, eventId: request.eventId });
    // PENDING only when no status exists: a redelivery never resets a running or finished job.
    const created = await store.createPendingStatus(request);
    if (!created) {
      const status = await store.getStatus(request.jobId);
      if (status?.status === 'COMPLETED' || status?.status === 'FAILED') {
        log.info({ status: status.status, offset: message.offset }, 'redelivered request of a finished job ignored');
        return { kind: 'already-finished', jobId: request.jobId };
      }
    }
    // A new status next to a finished BullMQ job means the old status expired or was
    // evicted: run the request again rather than leave it PENDING.
    const bullJobId = await queue.enqueue(request, { replaceFinished: created });
    log.info({ bullJobId, statusExisted: !created, partition: message.partition, offset: message.offset }, 'request accepted');
    return { kind: 'enqueued', jobId: request.jobId, bullJobId };
  }

  return async (message) => {
    const ageMs = (now?.() ?? new Date()).getTime() - message.timestamp;
    if (ageMs > maxMessageAgeMs) {
      return deadLetter(message, 'EXPIRED', `message is ${Math.round(ageMs / 60_000)} min old; the limit is ${Math.round(maxMessageAgeMs / 60_000)} min`);
    }
    let parsed: ReturnType<typeof parseJobRequestMessage>;
    try {
      parsed = parseJobRequestMessage(message.value, maxMessageBytes, now);
    } catch (error) {
      // A message that breaks the parser itself is still just a bad message: it must
      // not be retried forever and block its partition.
      parsed = { ok: false, code: 'INVALID_MESSAGE', reason: `could not be parsed: ${error instanceof Error ? error.message : String(error)}` };
    }
    return parsed.ok ? accept(parsed.request, message) : deadLetter(message, parsed.code, parsed.reason);
  };
}
