import closeWithGrace from 'close-with-grace';
import { Type, type Static, type TObject } from 'typebox';
import { LogEnv, parseEnv } from '@aisvc/config';
import { createLogger, type Logger } from '@aisvc/logging';

export interface RunningService {
  /** Finishes work in hand and closes connections. */
  stop(): Promise<void>;
}

export interface ServiceDefinition<S extends TObject> {
  /** Name on every log line (`service`). */
  name: string;
  /** The app's env schema (LOG_LEVEL is read here for every app). */
  envSchema: S;
  start(env: Static<S>, logger: Logger): Promise<RunningService>;
  /** Hard limit for a graceful stop before the process exits anyway. */
  shutdownTimeoutMs: number;
}

/**
 * The whole life of an app process: env parsed here (never at module load),
 * one logger, start, then a graceful stop on SIGTERM/SIGINT or a crash.
 * Start-up failures (bad config, unreachable Redis/Kafka) print one readable
 * line and exit 1, so an orchestrator restarts the process.
 */
const LogSettings = Type.Object(LogEnv);

export function runService<S extends TObject>(definition: ServiceDefinition<S>): void {
  const boot = async () => {
    const env = parseEnv(definition.envSchema);
    const logger = createLogger({ service: definition.name, level: parseEnv(LogSettings).LOG_LEVEL });
    const service = await definition.start(env, logger);
    closeWithGrace({ delay: definition.shutdownTimeoutMs }, async ({ signal, err }) => {
      if (err) logger.error({ err }, 'shutting down after an error');
      else logger.info({ signal }, 'shutting down');
      await service.stop();
      logger.info('stopped');
    });
  };
  boot().catch((error: unknown) => {
    console.error(`${definition.name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
