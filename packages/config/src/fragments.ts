import { Type } from 'typebox';

/**
 * Env variables shared by more than one app, grouped by concern. Each app's
 * env schema spreads the groups it needs (`...RedisEnv`) and adds its own.
 * Every option has its default here; the README's table is written from these.
 */

const Url = (description: string, defaultValue: string) =>
  Type.String({ pattern: '^rediss?://', description, default: defaultValue });

export const RedisEnv = {
  /** Redis of the BullMQ queue (and, by default, of the ai:* keys). Must run maxmemory-policy noeviction. */
  REDIS_URL: Url('Redis of the BullMQ queue; also of the ai:* keys unless CACHE_REDIS_URL is set.', 'redis://127.0.0.1:6379'),
  /** Redis of the ai:* status/trend/recommendation keys; may be a volatile-lru cache. Defaults to REDIS_URL. */
  CACHE_REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'Redis of the ai:* keys (status, trends, results). Default: REDIS_URL.' })),
  /** Namespace put in front of every ai:* key. Empty in production; tests use one each. */
  KEY_PREFIX: Type.String({ default: '', maxLength: 100, description: 'Prefix put in front of every ai:* key (e.g. "staging:"). Default: none.' }),
};

export const QueueEnv = {
  QUEUE_NAME: Type.String({ minLength: 1, pattern: '^[^:]+$', default: 'ai-recommendation', description: 'BullMQ queue name.' }),
  QUEUE_PREFIX: Type.String({ minLength: 1, default: 'bull', description: 'BullMQ key prefix; use a hash tag such as {ai} with Redis Cluster.' }),
};

export const KafkaEnv = {
  KAFKA_BROKERS: Type.String({ minLength: 1, pattern: '^[^,\\s]+(,[^,\\s]+)*$', default: '127.0.0.1:9092', description: 'Comma-separated host:port list of Kafka bootstrap brokers.' }),
  KAFKA_CLIENT_ID: Type.String({ minLength: 1, default: 'ai-service', description: 'Kafka client id (shows in broker logs and quotas).' }),
  KAFKA_REQUEST_TOPIC: Type.String({ minLength: 1, default: 'ai-job-request', description: 'Topic of ai-job-request messages.' }),
  KAFKA_COMPRESSION: Type.Enum(['none', 'gzip', 'snappy', 'lz4', 'zstd'], {
    default: 'none',
    description: 'Codec of the records this service publishes (api requests, DLQ records). Consumers read every codec whatever it says.',
  }),
};

export const LogEnv = {
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
    description: 'pino log level.',
  }),
};

/** Splits KAFKA_BROKERS into a list. */
export const brokerList = (brokers: string): string[] => brokers.split(',').map((b) => b.trim());
