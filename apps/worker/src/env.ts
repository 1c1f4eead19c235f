import { Type, type Static } from 'typebox';
import { LlmEnv, LogEnv, QueueEnv, RedisEnv } from '@aisvc/config';

/** Every variable the worker reads, with its default. Parsed in main(). */
export const WorkerEnv = Type.Object({
  ...RedisEnv,
  ...QueueEnv,
  ...LogEnv,
  ...LlmEnv,
  WORKER_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 500,
    default: 10,
    description: 'Jobs one worker process runs at once. LLM calls wait on the network, so this can exceed the core count.',
  }),
  TREND_LOCK_TTL_MS: Type.Integer({
    minimum: 300,
    default: 5_000,
    description: 'Single-flight lock on a trend analysis; its holder renews it every third of this while it works, so a dead holder is replaced within about this long.',
  }),
  TREND_WAIT_POLL_MS: Type.Integer({
    minimum: 10,
    default: 250,
    description: 'How often a job waiting for another worker\'s trend analysis looks again; it waits as a delayed job, off its worker slot, using no attempt.',
  }),
  FALLBACK_TREND_TTL_S: Type.Integer({
    minimum: 1,
    default: 300,
    description: 'How long a RULE_BASED trend analysis made because the vendors failed stays cached (a vendor\'s is kept 24 h).',
  }),
  TREND_LOCAL_TTL_MS: Type.Integer({
    minimum: 0,
    default: 10_000,
    description: 'How long a worker keeps its own copy of a trend analysis it read or made, in front of Redis (never past the Redis key\'s expiry); 0 turns it off. Bounds how far one worker lags the shared cache.',
  }),
  WORKER_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name of this process in the breaker states /health reads. Default: hostname:pid.' })),
});
export type WorkerEnv = Static<typeof WorkerEnv>;
