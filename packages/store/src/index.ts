export type { AiStore, BreakerReport, StatusUpdate } from './ai-store.js';
export { RedisAiStore, type RedisAiStoreOptions } from './redis-ai-store.js';
export { RedisIntakeControl, type IntakeControl } from './intake-control.js';
export { RedisRateGate, type ProviderLimits } from './rate-gate.js';
