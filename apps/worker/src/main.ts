import { runService } from '@aisvc/service-runtime';
import { WorkerEnv } from './env.js';
import { startWorker } from './worker.js';

// Generous: a graceful stop waits for the jobs in hand (LLM calls take 5–15 s).
runService({ name: 'worker', envSchema: WorkerEnv, start: startWorker, shutdownTimeoutMs: 30_000 });
