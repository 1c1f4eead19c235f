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
} from './messaging.js';
export { MessageTooLargeError } from './messaging.js';
export { createKafkaMessaging, type KafkaSettings } from './kafkajs-messaging.js';
