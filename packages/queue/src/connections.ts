import { Redis, type RedisOptions } from 'ioredis';

/**
 * What a connection is for decides how it behaves while Redis is away:
 * - `worker`: BullMQ workers block on Redis and must retry forever
 *   (`maxRetriesPerRequest: null` is BullMQ's requirement).
 * - `producer`: adds a job on behalf of a caller who is waiting (the bridge holds
 *   a Kafka offset, the API an HTTP request), so a command fails fast instead of
 *   queueing in memory; the caller retries or answers 503.
 * - `client`: reads and writes of the ai:* keys, same fail-fast rule.
 */
export type RedisRole = 'worker' | 'producer' | 'client';

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableOfflineQueue: true },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 5_000 },
  client: { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 5_000 },
};

/**
 * Opens a Redis connection for `role` and waits until it is ready, so a process
 * with a wrong REDIS_URL fails at start-up with a clear error, not on first use.
 */
export interface ConnectOptions {
  /** Shows in `CLIENT LIST`, e.g. `worker:queue`. */
  name?: string;
  /** Connection-level errors (each failed reconnect); commands reject on their own. */
  onError?: (error: Error) => void;
}

export async function connectRedis(url: string, role: RedisRole, options: ConnectOptions = {}): Promise<Redis> {
  const redis = new Redis(url, {
    ...ROLE_OPTIONS[role],
    lazyConnect: true,
    connectionName: options.name ?? `ai-service:${role}`,
    // Reconnect with a capped backoff; fail-fast roles still reject commands while down.
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
  // Without a listener ioredis prints "Unhandled error event" for every failed reconnect.
  redis.on('error', options.onError ?? (() => undefined));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot connect to Redis at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return redis;
}

/** A Redis URL without its password, for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}
