export { createBackpressure, type Backpressure, type BackpressureSettings } from './backpressure.js';
export { createRequestIntake, DLQ_HEADERS, type DeadLetterCode, type IntakeOutcome, type RequestIntake, type RequestIntakeDeps } from './request-intake.js';
export { createRequestSubmitter, DependencyUnavailableError, type RequestSubmitterDeps, type SubmitOutcome } from './request-submitter.js';
export {
  createUnreadableBatchKeeper,
  SKIPPED_BATCH_HEADERS,
  skipCommand,
  type UnreadableBatchKeeper,
  type UnreadableBatchKeeperDeps,
} from './unreadable-batches.js';
