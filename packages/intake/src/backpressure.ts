import type { Logger } from '@aisvc/logging';
import type { MessageConsumer } from '@aisvc/messaging';

/**
 * Keeps the queue from growing without bound: the queue's Redis runs `noeviction`, so a
 * flood of requests faster than the workers would fill it until every write fails. Above
 * the high-water mark the bridge holds its partitions (staying in the group); below the
 * low-water mark it lets them go. The gap between the two marks keeps it from flapping.
 */
export interface BackpressureSettings {
  /** Jobs waiting to run (waiting, prioritized, delayed); throws when Redis does not answer. */
  backlog: () => Promise<number>;
  consumer: Pick<MessageConsumer, 'pause' | 'resume'>;
  highWaterMark: number;
  lowWaterMark: number;
  /** How often the backlog is counted (default 1 s). */
  checkEveryMs?: number;
  logger: Logger;
}

export interface Backpressure {
  /** One look at the backlog (runs on a timer after start()). */
  check(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  readonly holding: boolean;
}

export function createBackpressure(settings: BackpressureSettings): Backpressure {
  const { backlog, consumer, highWaterMark, lowWaterMark, logger } = settings;
  if (lowWaterMark >= highWaterMark) throw new Error(`the low-water mark (${lowWaterMark}) must be below the high-water mark (${highWaterMark})`);
  let holding = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function check(): Promise<void> {
    const waiting = await backlog();
    if (!holding && waiting > highWaterMark) {
      holding = true;
      consumer.pause();
      logger.warn({ waiting, highWaterMark, lowWaterMark }, 'queue above the high-water mark; consumption paused');
    } else if (holding && waiting < lowWaterMark) {
      holding = false;
      consumer.resume();
      logger.info({ waiting, highWaterMark, lowWaterMark }, 'queue below the low-water mark; consumption resumed');
    }
  }

  return {
    check,
    get holding() {
      return holding;
    },
    start() {
      timer ??= setInterval(() => {
        // Redis away: the state stays as it is; the intake itself retries its writes.
        running ??= check()
          .catch((err: unknown) => logger.debug({ err }, 'could not count the queue backlog'))
          .finally(() => {
            running = undefined;
          });
      }, settings.checkEveryMs ?? 1_000);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
