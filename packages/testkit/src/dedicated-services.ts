import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitFor } from './helpers.js';

/**
 * A Redis and a Kafka broker of a test run's own, which its tests may kill and restart
 * (the fault suite). They are started by scripts/services.sh, the recipe every other run
 * uses, with their own state folder (SERVICES_DIR) and free ports, so the shared services
 * other tests and engineers rely on are never touched. Redis runs with AOF (appendfsync
 * everysec) and noeviction, as production must, and comes back on its AOF after a kill.
 */

const servicesScript = fileURLToPath(new URL('../../../scripts/services.sh', import.meta.url));
const run = promisify(execFile);

export type ServiceName = 'redis' | 'kafka';

/** Where a run's dedicated services live: their state folder and ports. */
export interface DedicatedServicesConfig {
  dir: string;
  redisPort: number;
  /** The broker's port; its KRaft controller listens on the next one. */
  kafkaPort: number;
}

// Env names through which the global setup hands the config to the test files.
const DIR_VAR = 'DEDICATED_SERVICES_DIR';

export class DedicatedServices {
  constructor(readonly config: DedicatedServicesConfig) {}

  get redisUrl(): string {
    return `redis://127.0.0.1:${this.config.redisPort}`;
  }

  get kafkaBrokers(): string {
    return `127.0.0.1:${this.config.kafkaPort}`;
  }

  /** The variables that point testkit (testServices, isolatedEnv) and apps at these services. */
  env(): Record<string, string> {
    return { REDIS_URL: this.redisUrl, KAFKA_BROKERS: this.kafkaBrokers, [DIR_VAR]: this.config.dir };
  }

  /** Starts the services (all by default) that are not running, and waits until they answer. */
  async up(services: ServiceName[] = ['redis', 'kafka']): Promise<void> {
    await this.script(['up', ...services], 180_000);
    // services.sh reuses whatever answers at an address: make sure it is ours.
    for (const service of services) if (this.pid(service) === undefined) throw new Error(`${service} at its dedicated port is not the one started in ${this.config.dir}`);
  }

  /** Stops them (gracefully) and deletes their folder: data, logs, AOF. */
  async down(): Promise<void> {
    try {
      await this.script(['down'], 60_000);
    } finally {
      await rm(this.config.dir, { recursive: true, force: true });
    }
  }

  /** kill -9, then waits until the process is gone (its port free for a restart). */
  async kill(service: ServiceName): Promise<void> {
    const pid = this.pid(service);
    if (pid === undefined) throw new Error(`${service} is not running`);
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !processRunning(pid), { what: `${service} (pid ${pid}) to die`, timeoutMs: 30_000 });
  }

  /** The pid of a running service started in this folder, if any. */
  pid(service: ServiceName): number | undefined {
    const pidfile = join(this.config.dir, service, `${service}.pid`);
    if (!existsSync(pidfile)) return undefined;
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && processRunning(pid) ? pid : undefined;
  }

  private async script(args: string[], timeoutMs: number): Promise<void> {
    const env = { ...process.env, SERVICES_DIR: this.config.dir, REDIS_URL: this.redisUrl, KAFKA_BROKERS: this.kafkaBrokers, REDIS_APPENDONLY: 'yes' };
    try {
      await run('bash', [servicesScript, ...args], { env, timeout: timeoutMs, maxBuffer: 1 << 20 });
    } catch (error) {
      const output = error instanceof Error && 'stderr' in error ? String(error.stderr) : '';
      throw new Error(`scripts/services.sh ${args.join(' ')} failed: ${output.trim().slice(-2_000)}`, { cause: error });
    }
  }
}

/** Running and not a zombie (signal 0 succeeds for an unreaped zombie). */
function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port whose `count - 1` successors are free too, picked at random above 20000. */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * 20_000);
    let free = true;
    for (let port = first; free && port < first + count; port++) free = await portFree(port);
    if (free) return first;
  }
  throw new Error('no free ports found');
}

/**
 * Starts a new pair of dedicated services in a fresh folder on free ports (several runs on
 * one machine do not collide), waiting until both answer.
 */
export async function startDedicatedServices(): Promise<DedicatedServices> {
  const dir = await mkdtemp(join(tmpdir(), 'aisvc-dedicated-'));
  const services = new DedicatedServices({ dir, redisPort: await freePorts(1), kafkaPort: await freePorts(2) });
  try {
    await services.up();
  } catch (error) {
    await services.down().catch(() => undefined);
    throw error;
  }
  return services;
}

/** The dedicated services a global setup started for this run (from the env it set). */
export function dedicatedServices(): DedicatedServices {
  const dir = process.env[DIR_VAR];
  const redisPort = Number(new URL(process.env['REDIS_URL'] ?? '').port);
  const kafkaPort = Number(process.env['KAFKA_BROKERS']?.split(':')[1]);
  if (!dir || !redisPort || !kafkaPort) throw new Error(`no dedicated services in this run (${DIR_VAR}, REDIS_URL, KAFKA_BROKERS unset)`);
  return new DedicatedServices({ dir, redisPort, kafkaPort });
}
