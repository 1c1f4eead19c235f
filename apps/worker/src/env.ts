import { Type, type Static } from 'typebox';
import { LogEnv, QueueEnv, RedisEnv } from '@aisvc/config';

/** Every variable the worker reads, with its default. Parsed in main(). */
export const WorkerEnv = Type.Object({
  ...RedisEnv,
  ...QueueEnv,
  ...LogEnv,
  WORKER_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 500,
    default: 10,
    description: 'Jobs one worker process runs at once. LLM calls wait on the network, so this can exceed the core count.',
  }),
  TREND_LOCK_TTL_MS: Type.Integer({ minimum: 1_000, default: 30_000, description: 'Single-flight lock on a trend analysis; covers one slow LLM call.' }),
  TREND_WAIT_TIMEOUT_MS: Type.Integer({ minimum: 1_000, default: 25_000, description: 'How long a job waits for another worker\'s trend analysis before its attempt fails; below the 30 s shutdown limit.' }),
});
export type WorkerEnv = Static<typeof WorkerEnv>;
