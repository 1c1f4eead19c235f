import closeWithGrace from 'close-with-grace';
import { Type, type Static, type TObject } from 'typebox';
import { LogEnv, parseEnv } from '@aisvc/config';
import { createLogger, type Logger } from '@aisvc/logging';

export interface RunningService {
  /** Finishes work in hand and closes connections. */
  stop(): Promise<void>;
}

/** What a running service may ask of its process. */
export interface Lifecycle {
  /**
   * The service cannot do its job any more (e.g. its Kafka consumer stopped for
   * good): shut down gracefully and exit 1 so the supervisor restarts it.
   */
  fail(error: Error): void;
}

export interface ServiceDefinition<S extends TObject> {
  /** Name on every log line (`service`). */
  name: string;
  /** The app's env schema (LOG_LEVEL is read here for every app). */
  envSchema: S;
  start(env: Static<S>, logger: Logger, lifecycle: Lifecycle): Promise<RunningService>;
  /** Hard limit for a graceful stop before the process exits anyway. */
  shutdownTimeoutMs: number;
}

const LogSettings = Type.Object(LogEnv);

/**
 * The whole life of an app process: env parsed here (never at module load),
 * one logger, start, then a graceful stop on SIGTERM/SIGINT or a crash.
 * Signals are handled from before start-up, so a stop during a slow start still
 * closes what was opened. Start-up failures (bad config, unreachable Redis/Kafka)
 * print one readable line and exit 1, so an orchestrator restarts the process.
 */
export function runService<S extends TObject>(definition: ServiceDefinition<S>): void {
  const boot = async () => {
    const env = parseEnv(definition.envSchema);
    const logger = createLogger({ service: definition.name, level: parseEnv(LogSettings).LOG_LEVEL });
    // Set once start() is under way; a shutdown waits for it, whenever the signal comes.
    const state: { starting?: Promise<RunningService> } = {};
    closeWithGrace(
      {
        delay: definition.shutdownTimeoutMs,
        logger: { error: (message: unknown) => logger.error({ detail: message }, 'shutdown problem') },
      },
      async ({ signal, err }) => {
        if (err) logger.error({ err }, 'shutting down after an error');
        else logger.info({ signal }, 'shutting down');
        const service = await state.starting?.catch(() => undefined);
        await service?.stop();
        logger.info('stopped');
      },
    );
    const lifecycle: Lifecycle = {
      fail(error) {
        // Through close-with-grace's own error path: graceful stop, then exit code 1.
        setImmediate(() => {
          throw error;
        });
      },
    };
    state.starting = definition.start(env, logger, lifecycle);
    await state.starting;
  };
  boot().catch((error: unknown) => {
    console.error(`${definition.name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

/**
 * What a service opened, closed in reverse order: on stop, and when start-up
 * fails halfway (so a failed start leaks no connection).
 */
export class Resources {
  private readonly closers: (() => Promise<unknown>)[] = [];

  /** Registers `close` for `resource` and returns the resource. */
  add<T>(resource: T, close: (resource: T) => Promise<unknown>): T {
    this.closers.push(() => close(resource));
    return resource;
  }

  /** Closes everything, last opened first; one failing close does not stop the others. */
  async closeAll(onError?: (error: unknown) => void): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) {
      await close().catch((error: unknown) => onError?.(error));
    }
  }
}
