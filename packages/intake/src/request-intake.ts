import type { Logger } from 'pino';
import { parseJobRequestMessage, type JobRequest, type RejectCode } from '@aisvc/contracts';
import type { InboundMessage, MessagePublisher } from '@aisvc/messaging';
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
} as const;

export interface RequestIntakeDeps {
  store: AiStore;
  queue: Pick<RecommendationQueue, 'enqueue'>;
  deadLetters: MessagePublisher;
  deadLetterTopic: string;
  /** Larger values are dead-lettered as TOO_LARGE before parsing. */
  maxMessageBytes: number;
  logger: Logger;
  now?: () => Date;
}

export type IntakeOutcome =
  | { kind: 'enqueued'; jobId: string; bullJobId: string }
  /** The job already finished (or failed for good): a late redelivery, nothing to do. */
  | { kind: 'already-finished'; jobId: string }
  | { kind: 'dead-lettered'; code: RejectCode; reason: string };

/**
 * Turns one `ai-job-request` message into exactly one BullMQ job or one DLQ
 * record. It resolves only after that effect is durable, so the caller commits
 * the offset afterwards; any throw means "not handled, deliver again".
 */
export function createRequestIntake(deps: RequestIntakeDeps): (message: InboundMessage) => Promise<IntakeOutcome> {
  const { store, queue, deadLetters, deadLetterTopic, maxMessageBytes, logger, now } = deps;

  async function deadLetter(message: InboundMessage, code: RejectCode, reason: string): Promise<IntakeOutcome> {
    await deadLetters.publish(deadLetterTopic, [
      {
        key: message.key,
        value: message.value, // the original bytes, unchanged
        headers: {
          ...message.headers,
          [DLQ_HEADERS.errorCode]: code,
          [DLQ_HEADERS.errorReason]: reason,
          [DLQ_HEADERS.sourceTopic]: message.topic,
          [DLQ_HEADERS.sourcePartition]: String(message.partition),
          [DLQ_HEADERS.sourceOffset]: message.offset,
          [DLQ_HEADERS.failedAt]: (now?.() ?? new Date()).toISOString(),
        },
      },
    ]);
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
    const bullJobId = await queue.enqueue(request);
    log.info({ bullJobId, statusExisted: !created, partition: message.partition, offset: message.offset }, 'request accepted');
    return { kind: 'enqueued', jobId: request.jobId, bullJobId };
  }

  return async (message) => {
    const parsed = parseJobRequestMessage(message.value, maxMessageBytes, now);
    return parsed.ok ? accept(parsed.request, message) : deadLetter(message, parsed.code, parsed.reason);
  };
}
