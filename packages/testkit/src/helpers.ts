import { randomBytes } from 'node:crypto';

/** Addresses of the real services the tests use. */
export const testServices = {
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
};

/** A name no other test (or earlier run) uses: queues, topics, key prefixes. */
export function uniqueName(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export interface WaitOptions {
  /** Give up after this many ms (default 15 s). */
  timeoutMs?: number;
  /** Poll interval in ms (default 25). */
  intervalMs?: number;
  /** What we are waiting for, for the timeout message. */
  what?: string;
}

/**
 * Polls `probe` until it returns something other than undefined/false, and
 * returns that value. Fails with a message naming `what` at the deadline.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 25, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Env variables that give one test its own Kafka topics and group, BullMQ queue
 * and ai:* key prefix on the shared Redis and Kafka (names as in the apps' env).
 */
export interface IsolatedEnv extends Record<string, string> {
  REDIS_URL: string;
  KAFKA_BROKERS: string;
  KAFKA_REQUEST_TOPIC: string;
  KAFKA_DLQ_TOPIC: string;
  KAFKA_CONSUMER_GROUP: string;
  KAFKA_TOPIC_PARTITIONS: string;
  QUEUE_NAME: string;
  KEY_PREFIX: string;
}

export function isolatedEnv(label: string): IsolatedEnv {
  const id = uniqueName(label);
  return {
    REDIS_URL: testServices.redisUrl,
    KAFKA_BROKERS: testServices.kafkaBrokers.join(','),
    KAFKA_REQUEST_TOPIC: `${id}-requests`,
    KAFKA_DLQ_TOPIC: `${id}-requests.dlq`,
    KAFKA_CONSUMER_GROUP: `${id}-group`,
    KAFKA_TOPIC_PARTITIONS: '1',
    QUEUE_NAME: `${id}-queue`,
    KEY_PREFIX: `${id}:`,
  };
}
