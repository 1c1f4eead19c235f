import { runService } from '@aisvc/service-runtime';
import { startBridge } from './bridge.js';
import { BridgeEnv } from './env.js';

runService({ name: 'kafka-bridge', envSchema: BridgeEnv, start: startBridge, shutdownTimeoutMs: 15_000 });
