export { ConfigError, parseEnv } from './parse-env.js';
export { brokerList, KafkaEnv, LogEnv, QueueEnv, RedisEnv } from './fragments.js';
export { LlmEnv } from './llm-env.js';
