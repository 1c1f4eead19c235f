import { Type, type Static } from 'typebox';
import { KafkaEnv, LogEnv, QueueEnv, RedisEnv } from '@aisvc/config';

/** Every variable the bridge reads, with its default. Parsed in main(). */
export const BridgeEnv = Type.Object({
  ...RedisEnv,
  ...QueueEnv,
  ...KafkaEnv,
  ...LogEnv,
  KAFKA_CONSUMER_GROUP: Type.String({ minLength: 1, default: 'ai-service-consumers', description: 'Consumer group of the bridge.' }),
  KAFKA_DLQ_TOPIC: Type.String({ minLength: 1, default: 'ai-job-request.dlq', description: 'Dead-letter topic for messages that fail validation.' }),
  KAFKA_TOPIC_PARTITIONS: Type.Integer({ minimum: 1, default: 3, description: 'Partitions of the request and DLQ topics when the bridge has to create them.' }),
  MAX_MESSAGE_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576, description: 'Larger request messages are dead-lettered as TOO_LARGE.' }),
  MAX_MESSAGE_AGE_MS: Type.Integer({
    minimum: 60_000,
    default: 86_400_000,
    description: 'Older request messages are skipped and counted (default: the 24 h status TTL, past which a replay looks like a new request).',
  }),
  KAFKA_MAX_BATCH_SIZE: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 500,
    description: 'Most messages of one partition handled as one run: one status pipeline, one addBulk, one DLQ send, then their offsets.',
  }),
  QUEUE_HIGH_WATER_MARK: Type.Integer({
    minimum: 2,
    default: 50_000,
    description: 'Jobs waiting to run above which the bridge pauses consuming (the queue Redis runs noeviction).',
  }),
  QUEUE_LOW_WATER_MARK: Type.Integer({ minimum: 1, default: 25_000, description: 'Jobs waiting to run below which a paused bridge consumes again.' }),
});
export type BridgeEnv = Static<typeof BridgeEnv>;
