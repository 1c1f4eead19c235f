import { randomUUID } from 'node:crypto';
import { normaliseJobRequest, type JobRequest, type JobState } from '@aisvc/contracts';
import type { Logger } from '@aisvc/logging';
import type { AiStore } from '@aisvc/store';

/** Redis or Kafka failed while handling a request that was itself fine. */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';
  constructor(
    readonly dependency: 'redis' | 'kafka',
    cause: unknown,
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export type SubmitOutcome =
  /** Published now (PENDING), or known already: a retry with the same jobId gets its current state. */
  | { kind: 'accepted'; jobId: string; status: JobState }
  | { kind: 'invalid'; reason: string }
  /** The jobId belongs to another event: refusing beats silently answering for the wrong job. */
  | { kind: 'conflict'; jobId: string; eventId: string };

export interface RequestSubmitterDeps {
  store: AiStore;
  /** Publishes the normalised request to the request topic (keyed by eventId). */
  publish: (request: JobRequest) => Promise<void>;
  logger: Logger;
}

const attempt = async <T>(dependency: 'redis' | 'kafka', call: Promise<T>): Promise<T> => {
  try {
    return await call;
  } catch (error) {
    throw new DependencyUnavailableError(dependency, error);
  }
};

/**
 * Submits a request the way the platform's Event Service does: onto the request
 * topic, for the bridge. Validation and normalisation are the bridge's own, so a
 * request the bridge would dead-letter is refused here with the same reason.
 */
export function createRequestSubmitter({ store, publish, logger }: RequestSubmitterDeps): (body: Record<string, unknown>) => Promise<SubmitOutcome> {
  return async (body) => {
    const parsed = normaliseJobRequest({ ...body, jobId: body['jobId'] ?? randomUUID() });
    if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason };
    const request = parsed.request;

    const existing = await attempt('redis', store.getStatus(request.jobId));
    if (existing) {
      if (existing.eventId !== request.eventId) return { kind: 'conflict', jobId: request.jobId, eventId: existing.eventId };
      return { kind: 'accepted', jobId: request.jobId, status: existing.status };
    }

    await attempt('kafka', publish(request));
    // Once published the request is on its way: the bridge writes PENDING too, so a
    // failure here only delays the first status read and must not become an error
    // (a client retrying without a jobId would then make a second job).
    await store.createPendingStatus(request).catch((err: unknown) => logger.warn({ err, jobId: request.jobId }, 'PENDING not written after publish'));
    logger.info({ jobId: request.jobId, eventId: request.eventId }, 'job request published');
    return { kind: 'accepted', jobId: request.jobId, status: 'PENDING' };
  };
}
