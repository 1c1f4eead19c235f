import type { Redis } from 'ioredis';
import {
  BatchSkipRequest,
  BatchSkipResult,
  compileSchema,
  redisKeys,
  TTL_SECONDS,
  UnreadableBatchReport,
} from '@aisvc/contracts';
import { parseStored } from './json-value.js';

/**
 * Where the bridges report record batches they cannot read, and where an operator's
 * approval to skip one waits for the bridge that holds it (and its confirmation for the
 * operator). The api's /health reads the reports.
 */
export interface IntakeControl {
  /** Adds or refreshes the report of a batch (one per topic and partition). */
  reportUnreadable(report: UnreadableBatchReport): Promise<void>;
  listUnreadable(): Promise<UnreadableBatchReport[]>;
  requestSkip(request: BatchSkipRequest): Promise<void>;
  getSkipRequest(topic: string, partition: number): Promise<BatchSkipRequest | null>;
  /** Records the skip, and removes the approval and the report, in one transaction. */
  completeSkip(result: BatchSkipResult): Promise<void>;
  getSkipResult(topic: string, partition: number, firstOffset: string): Promise<BatchSkipResult | null>;
}

const checkers = {
  report: compileSchema(UnreadableBatchReport),
  request: compileSchema(BatchSkipRequest),
  result: compileSchema(BatchSkipResult),
};

const field = (topic: string, partition: number) => `${topic}/${partition}`;

export class RedisIntakeControl implements IntakeControl {
  private readonly prefix: string;
  private readonly onInvalid: (key: string, problems: string[]) => void;

  constructor(
    private readonly redis: Redis,
    options: { keyPrefix?: string; onInvalid?: (key: string, problems: string[]) => void } = {},
  ) {
    this.prefix = options.keyPrefix ?? '';
    this.onInvalid = options.onInvalid ?? (() => undefined);
  }

  async reportUnreadable(report: UnreadableBatchReport): Promise<void> {
    await this.redis.hset(this.prefix + redisKeys.unreadableBatches(), field(report.topic, report.partition), JSON.stringify(report));
  }

  async listUnreadable(): Promise<UnreadableBatchReport[]> {
    const key = this.prefix + redisKeys.unreadableBatches();
    const all = await this.redis.hgetall(key);
    return Object.entries(all).flatMap(([name, raw]) => parseStored(`${key} ${name}`, raw, checkers.report, this.onInvalid) ?? []);
  }

  async requestSkip(request: BatchSkipRequest): Promise<void> {
    await this.redis.set(this.prefix + redisKeys.batchSkipRequest(request.topic, request.partition), JSON.stringify(request), 'EX', TTL_SECONDS.batchSkip);
  }

  async getSkipRequest(topic: string, partition: number): Promise<BatchSkipRequest | null> {
    const key = this.prefix + redisKeys.batchSkipRequest(topic, partition);
    return parseStored(key, await this.redis.get(key), checkers.request, this.onInvalid);
  }

  async completeSkip(result: BatchSkipResult): Promise<void> {
    await this.redis
      .multi()
      .set(this.prefix + redisKeys.batchSkipResult(result.topic, result.partition, result.firstOffset), JSON.stringify(result), 'EX', TTL_SECONDS.batchSkip)
      .del(this.prefix + redisKeys.batchSkipRequest(result.topic, result.partition))
      .hdel(this.prefix + redisKeys.unreadableBatches(), field(result.topic, result.partition))
      .exec();
  }

  async getSkipResult(topic: string, partition: number, firstOffset: string): Promise<BatchSkipResult | null> {
    const key = this.prefix + redisKeys.batchSkipResult(topic, partition, firstOffset);
    return parseStored(key, await this.redis.get(key), checkers.result, this.onInvalid);
  }
}
