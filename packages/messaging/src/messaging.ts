/**
 * Our own small messaging interface. The apps and the intake logic talk to this,
 * never to kafkajs, so another Kafka client can replace it in one file.
 */

/**
 * Kafka header values are bytes, and a name may repeat. Inbound headers keep them
 * exactly as received (a repeated name gives a list, in order), so a message that is
 * passed on, e.g. to the DLQ, loses nothing; outbound values may also be text (UTF-8).
 */
export type InboundHeaders = Record<string, Buffer | Buffer[]>;
export type OutboundHeaders = Record<string, string | Buffer | (string | Buffer)[]>;

export interface InboundMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as a decimal string. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: InboundHeaders;
  /** When the record was produced (or appended), ms since the epoch. */
  timestamp: number;
}

export interface OutboundMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: OutboundHeaders;
}

export interface MessagePublisher {
  /** Resolves once the broker has acknowledged every message (acks = all). */
  publish(topic: string, messages: OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Handles a run of consecutive messages of one partition, in offset order (up to
 * ConsumerSettings.maxBatchSize). Resolves once the effect of every message is durable;
 * their offsets are committed only afterwards. Two runs of a partition may be in flight
 * (the second is called while the first awaits). A throw means "not handled": the
 * partition is paused and the run comes again after a capped backoff (with the run after
 * it, which may have been handled already), while the other partitions go on. After a
 * crash, handled but not yet committed messages come again too: handlers must be
 * idempotent (intake is).
 */
export type MessageHandler = (messages: InboundMessage[]) => Promise<void>;

/**
 * A record batch this client cannot decode: a compression codec it does not know (a
 * future Kafka codec), or compressed bytes that do not decompress (a producer bug,
 * disk corruption the broker did not catch). Its coordinates let an operator skip
 * exactly it, and fetch its bytes from the topic while the topic retains them.
 */
export interface UnreadableBatch {
  topic: string;
  partition: number;
  /** First and last offset of the batch (Kafka offsets are 64-bit: decimal strings). */
  firstOffset: string;
  lastOffset: string;
  /** The batch's codec as Kafka names it (`lz4`), or `unknown codec N`. */
  compression: string;
  /** Size of the whole batch, in bytes. */
  sizeBytes: number;
  /** Why it cannot be decoded. */
  reason: string;
}

export interface MessageConsumer {
  start(handler: MessageHandler): Promise<void>;
  /** Finishes the run in hand, commits it, leaves the group. */
  stop(): Promise<void>;
  /**
   * Holds every partition (backpressure), staying in the group; the run in hand is
   * finished. resume() lets go of what pause() held (other holds stay).
   */
  pause(): void;
  resume(): void;
  /** The batches this consumer holds paused because it cannot read them. */
  unreadableBatches(): UnreadableBatch[];
  /**
   * Skips exactly this batch: commits the offset after its last record and resumes its
   * partition. Resolves true once the broker holds that commit; false when this consumer
   * does not hold the batch (another member owns the partition, or it was skipped already).
   * Whatever should remember the batch (a DLQ record) must be written before.
   */
  skipUnreadableBatch(batch: Pick<UnreadableBatch, 'topic' | 'partition' | 'firstOffset'>): Promise<boolean>;
}

export interface ConsumerSettings {
  groupId: string;
  topic: string;
  /**
   * Called when the consumer has stopped for good (the client gave up and will
   * not rejoin). The process cannot do its job any more: it should exit so that
   * its supervisor restarts it, rather than stay up and silently idle.
   */
  onFatal: (error: Error) => void;
  /**
   * Called when a fetched batch cannot be decoded. Its partition stays paused (every
   * other partition goes on) until skipUnreadableBatch: skipping messages is an
   * operator's decision, never automatic, since the batch may hold valid requests.
   */
  onUnreadableBatch: (batch: UnreadableBatch) => void;
  /** Most messages per handler call (default 500). */
  maxBatchSize?: number;
  /** Backoff before a failed run comes again: doubling from initialMs to maxMs, with jitter (default 200 ms → 5 s). */
  retry?: { initialMs: number; maxMs: number };
  /** Partitions handled at once (default 1: two runs per partition in flight already keep the bridge and Redis busy; more only costs memory). */
  partitionsConcurrently?: number;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  /** Largest record the topic accepts (topic config max.message.bytes); broker default when absent. */
  maxMessageBytes?: number;
}

/** The broker refused a record as larger than the topic accepts. Retrying cannot help. */
export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
}

export interface Messaging {
  /** Connects on the first publish (and again after a failed one). */
  createPublisher(): MessagePublisher;
  createConsumer(settings: ConsumerSettings): MessageConsumer;
  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /** Round trip to the cluster, for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
