import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { testServices } from './helpers.js';

/**
 * Kafka's own Java clients, for interop tests: the console producer and consumer from the
 * Maven Central jars that scripts/services.sh resolves (kafka-tools), run with the
 * machine's Java. They write and read record batches exactly as the platform's Java
 * services do (snappy with xerial framing, lz4 frames, zstd), which kafkajs-written
 * batches do not prove.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

let classpath: Promise<string> | undefined;

/** The Kafka jars' classpath (resolved by Maven once, then cached in .services/). */
export function kafkaClasspath(): Promise<string> {
  classpath ??= run('bash', [join(repoRoot, 'scripts/services.sh'), 'kafka-classpath'], { maxBuffer: 1 << 20 }).then(({ stdout }) => stdout.trim());
  return classpath;
}

// Warnings and errors only, on stderr: the tools' INFO lines are noise in a test log.
function quietLog4j(): string {
  const file = join(tmpdir(), 'aisvc-tests-log4j2.xml');
  if (!existsSync(file)) {
    writeFileSync(
      file,
      '<?xml version="1.0" encoding="UTF-8"?><Configuration status="warn"><Appenders><Console name="err" target="SYSTEM_ERR">' +
        '<PatternLayout pattern="%p %m%n"/></Console></Appenders><Loggers><Root level="error"><AppenderRef ref="err"/></Root></Loggers></Configuration>',
    );
  }
  return file;
}

async function javaTool(mainClass: string, args: string[], input: string, timeoutMs: number): Promise<string> {
  const child = spawn(
    'java',
    ['-Xmx256m', '-Dfile.encoding=UTF-8', `-Dlog4j2.configurationFile=${quietLog4j()}`, '-cp', await kafkaClasspath(), mainClass, ...args],
    // UTF-8 whatever the caller's locale (CI runs with none): Java decodes its arguments and
    // its standard streams with the locale's charset.
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  child.stdin.end(input, 'utf8');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${mainClass} exited with ${code}: ${stderr.trim().slice(-2_000)}`);
  return stdout;
}

export type JavaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

// Key/value separator on the console tools' lines: their default, a tab, which JSON text
// never holds raw.
const SEPARATOR = '\t';

/**
 * Produces key/value records with Kafka's Java console producer (acks=all), in one batch
 * per partition when they fit (the producer lingers), compressed with `compression`.
 * Keys and values are one line each, without tabs.
 */
export async function javaProduce(
  topic: string,
  records: { key: string; value: string }[],
  options: { compression: JavaCompression; timeoutMs?: number },
): Promise<void> {
  const input = records.map((r) => `${r.key}${SEPARATOR}${r.value}\n`).join('');
  await javaTool(
    'org.apache.kafka.tools.ConsoleProducer',
    [
      '--bootstrap-server', testServices.kafkaBrokers.join(','),
      '--topic', topic,
      '--compression-codec', options.compression,
      '--request-required-acks', 'all',
      '--reader-property', 'parse.key=true',
      '--producer-property', 'linger.ms=500',
    ],
    input,
    options.timeoutMs ?? 60_000,
  );
}

/**
 * Reads `count` records of partition 0 from its first offset with Kafka's Java console
 * consumer: key and value text. The partition is assigned, not joined through a consumer
 * group: the group coordinator is not what these tests are about, and waiting for it made
 * each read take seconds on a busy machine.
 */
export async function javaConsume(topic: string, count: number, timeoutMs = 60_000): Promise<{ key: string; value: string }[]> {
  const out = await javaTool(
    'org.apache.kafka.tools.consumer.ConsoleConsumer',
    [
      '--bootstrap-server', testServices.kafkaBrokers.join(','),
      '--topic', topic,
      '--partition', '0',
      '--offset', 'earliest',
      '--max-messages', String(count),
      '--timeout-ms', String(timeoutMs - 5_000),
      '--formatter-property', 'print.key=true',
    ],
    '',
    timeoutMs,
  );
  return out
    .split('\n')
    .filter((line) => line.includes(SEPARATOR))
    .map((line) => {
      const [key = '', ...value] = line.split(SEPARATOR);
      return { key, value: value.join(SEPARATOR) };
    });
}
