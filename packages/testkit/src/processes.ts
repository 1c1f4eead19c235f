import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './helpers.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export type AppName = 'api' | 'worker' | 'kafka-bridge';

/** One JSON log line of an app (pino). */
export type LogLine = Record<string, unknown> & { msg?: string };

export interface AppProcess {
  readonly name: AppName;
  /** The app's own process id (node runs it directly, no wrapper). */
  readonly pid: number;
  /** The exit code (null after a signal) once the process ended; undefined while it runs. */
  readonly exitCode: number | null | undefined;
  /** Every JSON line the app printed so far. */
  readonly logs: LogLine[];
  /** Lines that were not JSON (should stay empty: every app logs JSON). */
  readonly otherOutput: string[];
  /** Waits for a log line matching `predicate` and returns it. */
  waitForLog(predicate: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** SIGTERM, then the exit code (fails if the app does not exit in time). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** kill -9 (a crash: nothing is finished or committed), resolved once the process is gone. */
  kill(): Promise<void>;
  /**
   * Rejects once the app exits by itself (not through stop or kill), with its exit code and
   * last lines; never resolves. Race it with a wait so that a crash fails the wait at once.
   */
  readonly exitedByItself: Promise<never>;
}

const READY_MESSAGE: Record<AppName, string> = {
  api: 'api listening',
  worker: 'worker ready',
  'kafka-bridge': 'bridge consuming',
};

/**
 * `source` (tests): src/main.ts through tsx, workspace packages from source.
 * `built` (benchmarks): dist/main.js as production runs it (`pnpm build` first);
 * tsx's transform cache alone adds ~70 MB of RSS, which would blur memory figures.
 */
export type AppBuild = 'source' | 'built';

function spawnApp(name: AppName, env: Record<string, string>, build: AppBuild = 'source'): ChildProcess {
  return spawn(
    process.execPath,
    build === 'built' ? [`apps/${name}/dist/main.js`] : ['--conditions=@aisvc/source', '--import', 'tsx', `apps/${name}/src/main.ts`],
    { cwd: repoRoot, env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Runs an app that is expected to stop by itself (e.g. on bad config): its exit code and output. */
export function runAppToExit(name: AppName, env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  return outcome(spawnApp(name, env), timeoutMs);
}

/**
 * Runs a TypeScript entry point of the repo (e.g. an operator command such as
 * apps/kafka-bridge/src/skip-batch.ts) to its end, as `node` would from the sources.
 */
export function runScript(path: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--conditions=@aisvc/source', '--import', 'tsx', path, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return outcome(child, timeoutMs);
}

async function outcome(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => { output += c.toString('utf8'); });
  child.stderr?.on('data', (c: Buffer) => { output += c.toString('utf8'); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  // 'close', not 'exit': the output is complete only once the pipes closed.
  const code = await new Promise<number | null>((resolve) => child.once('close', (c: number | null) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

/**
 * Runs an app's real entry point (src/main.ts through tsx, workspace packages
 * from source) as a child process with `env`, and resolves once it logged that
 * it is ready.
 */
export async function startApp(name: AppName, env: Record<string, string>, readyTimeoutMs = 30_000, build: AppBuild = 'source'): Promise<AppProcess> {
  const child = spawnApp(name, env, build);
  const logs: LogLine[] = [];
  const otherOutput: string[] = [];
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { exitCode = code; resolve(code); }));

  const collect = (chunk: Buffer, buffer: { rest: string }) => {
    const lines = (buffer.rest + chunk.toString('utf8')).split('\n');
    buffer.rest = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        otherOutput.push(line);
      }
    }
  };
  let ending = false; // stop() or kill() was called
  // 'close': the last lines are in once the pipes closed.
  const closed = new Promise<number | null>((resolve) => child.once('close', (code: number | null) => resolve(code)));
  const exitedByItself = closed.then((code) => {
    if (!ending) {
      const last = logs.slice(-5).map((l) => JSON.stringify(l)).concat(otherOutput.slice(-5));
      throw new Error(`${name} (pid ${child.pid}) exited by itself with code ${code}; its last lines:\n${last.join('\n')}`);
    }
    return new Promise<never>(() => undefined);
  });
  exitedByItself.catch(() => undefined); // only an error for those who race it
  const out = { rest: '' };
  const err = { rest: '' };
  child.stdout?.on('data', (c: Buffer) => collect(c, out));
  child.stderr?.on('data', (c: Buffer) => collect(c, err));

  const app: AppProcess = {
    name,
    pid: child.pid ?? -1,
    get exitCode() {
      return exitCode;
    },
    logs,
    otherOutput,
    waitForLog: (predicate, what, timeoutMs = 20_000) =>
      waitFor(() => {
        if (exitCode !== undefined) throw new Error(`${name} exited with ${exitCode}: ${otherOutput.join('\n')}`);
        return logs.find(predicate);
      }, { what: `${name}: ${what}`, timeoutMs }),
    async stop(timeoutMs = 20_000) {
      if (exitCode !== undefined) return exitCode;
      ending = true;
      child.kill('SIGTERM');
      const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${name} did not exit ${timeoutMs} ms after SIGTERM`)), timeoutMs));
      try {
        return await Promise.race([exited, timer]);
      } finally {
        if (exitCode === undefined) child.kill('SIGKILL');
      }
    },
    async kill() {
      if (exitCode !== undefined) return;
      ending = true;
      child.kill('SIGKILL');
      await exited;
    },
    exitedByItself,
  };
  try {
    await app.waitForLog((l) => l.msg === READY_MESSAGE[name], 'ready', readyTimeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return app;
}
