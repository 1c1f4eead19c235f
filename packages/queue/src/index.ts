export { connectRedis, redactUrl, type ConnectOptions, type RedisRole } from './connections.js';
export { bullJobId, jobCatalog, RECOMMENDATION_JOB, type JobName } from './job-catalog.js';
export {
  createRecommendationWorker,
  DeferJobError,
  NonRetryableJobError,
  RecommendationQueue,
  type QueuedJob,
  type QueueLocation,
  type WorkerSettings,
} from './job-queue.js';
