export type { AiStore, StatusUpdate } from './ai-store.js';
export { RedisAiStore, type RedisAiStoreOptions } from './redis-ai-store.js';
export { RedisIntakeControl, type IntakeControl } from './intake-control.js';
