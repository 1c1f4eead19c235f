export type {
  ConsumerSettings,
  InboundMessage,
  MessageConsumer,
  MessageHandler,
  MessagePublisher,
  Messaging,
  OutboundMessage,
  TopicSpec,
} from './messaging.js';
export { MessageTooLargeError } from './messaging.js';
export { createKafkaMessaging, type KafkaSettings } from './kafkajs-messaging.js';
