export type {
  ConsumerSettings,
  InboundHeaders,
  InboundMessage,
  MessageConsumer,
  MessageHandler,
  MessagePublisher,
  Messaging,
  OutboundHeaders,
  OutboundMessage,
  TopicSpec,
  UnreadableBatch,
} from './messaging.js';
export { MessageTooLargeError } from './messaging.js';
export { createKafkaMessaging, type KafkaSettings } from './kafkajs-messaging.js';
export {
  COMPRESSION_CODECS,
  type CompressionCodec,
  CorruptBatchError,
  UnknownCodecError,
  compressRecords,
  decompressRecords,
  registerKafkaCodecs,
} from './compression.js';
export { findUnreadableBatch, scanBatches, type InspectTarget, type StoredBatch } from './batch-inspector.js';
