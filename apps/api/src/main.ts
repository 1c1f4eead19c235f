import { runService } from '@aisvc/service-runtime';
import { startApi } from './api.js';
import { ApiEnv } from './env.js';

runService({ name: 'api', envSchema: ApiEnv, start: startApi, shutdownTimeoutMs: 10_000 });
