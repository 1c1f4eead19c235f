import type { JobsOptions } from 'bullmq';
import { JobRequest } from '@aisvc/contracts';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Every job the queue carries: name → payload schema and delivery options.
 * Producer and consumer both read this, so attempts and backoff live in one place.
 */
export const jobCatalog = {
  'generate-recommendations': {
    payload: JobRequest,
    options: {
      // SPEC §4: 3 attempts, exponential backoff (1 s, 2 s) — short, because the
      // Event Service stops polling after ~30 s.
      attempts: 3,
      backoff: { type: 'exponential', delay: 1_000 },
      // Kept as long as the status record (24 h) so a redelivered message within
      // that window still finds its job; results live in the ai:* keys anyway.
      removeOnComplete: { age: DAY_SECONDS, count: 10_000 },
      removeOnFail: { age: 7 * DAY_SECONDS, count: 10_000 },
    },
  },
} as const satisfies Record<string, { payload: unknown; options: JobsOptions }>;

export type JobName = keyof typeof jobCatalog;
export const RECOMMENDATION_JOB: JobName = 'generate-recommendations';

/**
 * The BullMQ job id of a request. BullMQ refuses ids that are plain integers and
 * reserves ':', so a constant prefix keeps every jobId valid and the mapping
 * one-to-one (the SPEC's jobId charset has no ':').
 */
export const bullJobId = (jobId: string): string => `ai-${jobId}`;
