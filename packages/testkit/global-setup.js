// Makes sure Redis and Kafka answer before integration tests run. When both
// already answer (e.g. `pnpm test` started them once for every package) nothing
// is started; otherwise scripts/services.sh starts what is missing. Nothing is
// stopped here: packages run in parallel, and one package's teardown must not
// take the services from under another. `pnpm test` stops what it started;
// after a single package's run, `pnpm services down` does.
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const servicesScript = fileURLToPath(new URL('../../scripts/services.sh', import.meta.url));

function hostPort(address, defaultPort) {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: url.hostname || '127.0.0.1', port: Number(url.port || defaultPort) };
}

function answers({ host, port }) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

export default async function setup() {
  const redis = hostPort(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 6379);
  const kafka = hostPort((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0], 9092);
  if ((await answers(redis)) && (await answers(kafka))) return undefined;
  execFileSync('bash', [servicesScript, 'up'], { stdio: 'inherit' });
  return undefined;
}
