#!/usr/bin/env node
// `pnpm start`: runs the whole system on this machine. Starts Redis and Kafka when
// nothing answers (scripts/services.sh), runs the built kafka-bridge, worker(s) and
// api, prints where everything is, and stops it all on Ctrl-C. Expects `turbo run
// build` to have run (pnpm start does that first).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const services = (command) => execFileSync('bash', ['scripts/services.sh', command], { cwd: root, encoding: 'utf8' });

const workers = Number(process.env.WORKERS ?? 1);
const port = process.env.PORT ?? '8083';
const env = {
  ...process.env,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  PORT: port,
  // Local runs get a fresh dashboard password unless one is given.
  BULL_BOARD_PASSWORD: process.env.BULL_BOARD_PASSWORD ?? randomBytes(9).toString('base64url'),
};

// Compact, readable lines for a terminal; the apps themselves log JSON.
const COLORS = { trace: 90, debug: 90, info: 36, warn: 33, error: 31, fatal: 31 };
const HIDDEN = new Set(['time', 'level', 'pid', 'hostname', 'service', 'msg', 'component']);
function show(name, line) {
  let entry;
  try { entry = JSON.parse(line); } catch { process.stdout.write(`${name.padEnd(14)} ${line}\n`); return; }
  const extra = Object.entries(entry)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(' ');
  const time = String(entry.time ?? '').slice(11, 23);
  const color = COLORS[entry.level] ?? 0;
  process.stdout.write(`\x1b[2m${time}\x1b[0m ${name.padEnd(14)} \x1b[${color}m${String(entry.level).padEnd(5)}\x1b[0m ${entry.msg ?? ''} \x1b[2m${extra}\x1b[0m\n`);
}

const before = services('status');
const servicesWereUp = /redis: answering/.test(before) && /kafka: answering/.test(before);
process.stdout.write(services('up'));

// The line each app logs once it is ready; the banner waits for all of them.
const READY = { 'kafka-bridge': 'bridge consuming', worker: 'worker ready', api: 'api listening' };
// V8 flags per app, as the Dockerfile sets them: the bridge's live heap stays near 50 MB, but
// on a large machine V8 would let it grow to ~300 MB before collecting (README, Benchmarks).
const NODE_OPTIONS = { 'kafka-bridge': '--max-old-space-size=128', worker: '--max-old-space-size=192' };
const notReady = new Set();
// What the first worker said it runs (its ready line names the provider chain and model).
let providers = 'RULE_BASED';
const children = [];
function run(app, label) {
  // Detached: Ctrl-C reaches only this script, which then stops each app once with
  // SIGTERM (a second signal would make an app give up its graceful stop).
  const appEnv = NODE_OPTIONS[app] ? { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} ${NODE_OPTIONS[app]}`.trim() } : env;
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: `${root}/apps/${app}`, env: appEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  notReady.add(label);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (l) => {
      if (l.includes(`"msg":"${READY[app]}"`)) {
        notReady.delete(label);
        if (app === 'worker') {
          try {
            const ready = JSON.parse(l);
            if (Array.isArray(ready.providers)) providers = `${ready.providers.join(' → ')}${ready.providers.length > 1 ? `, model ${ready.model}` : ''}`;
          } catch { /* keep the default */ }
        }
      }
      show(label, l);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      show('run-system', JSON.stringify({ level: 'error', msg: `${label} exited (${signal ?? code}); stopping everything` }));
      void stop(1);
    }
  });
  children.push(child);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((c) => new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', resolve);
    c.kill('SIGTERM');
  })));
  if (!servicesWereUp) process.stdout.write(services('down'));
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

run('kafka-bridge', 'kafka-bridge');
for (let i = 1; i <= workers; i++) run('worker', workers > 1 ? `worker-${i}` : 'worker');
run('api', 'api');

const base = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 60_000;
for (;;) {
  try {
    const health = await (await fetch(`${base}/health`)).json();
    if (health.status === 'UP' && notReady.size === 0) break;
  } catch { /* not listening yet */ }
  if (Date.now() > deadline) { show('run-system', JSON.stringify({ level: 'error', msg: `not ready after 60 s: ${[...notReady].join(', ') || 'api health'}` })); await stop(1); }
  await new Promise((r) => setTimeout(r, 250));
}
process.stdout.write(`
  AI event planner is running (${workers} worker process${workers > 1 ? 'es' : ''}, provider${providers.includes('→') ? 's' : ''} ${providers})
    API         ${base}
    API docs    ${base}/docs
    Dashboard   ${base}/admin/queues   (user ${env.BULL_BOARD_USER ?? 'admin'}, password ${env.BULL_BOARD_PASSWORD})
    Health      ${base}/health
  Try it:  pnpm demo      Stop: Ctrl-C

`);
