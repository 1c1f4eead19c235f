import { pino, type DestinationStream, type Logger, type LevelWithSilent, type LoggerOptions as PinoOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Which app or component writes the lines (`service` field). */
  service: string;
  level?: LevelWithSilent;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/**
 * JSON lines on stdout, one logger per process. Per-job lines come from
 * `logger.child({ jobId })`, so every line about a job carries its id.
 */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  const options: PinoOptions = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // API keys and credentials must never reach a log line, even inside an error's options.
    redact: {
      paths: ['apiKey', '*.apiKey', 'password', '*.password', 'authorization', '*.authorization', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
