import { startDedicatedServices } from './dedicated-services.js';

/**
 * Vitest global setup of suites that kill and restart Redis and Kafka: starts a dedicated pair
 * for the run, points the test files at it (REDIS_URL, KAFKA_BROKERS: testServices and
 * isolatedEnv read them) and removes it, data and all, at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const services = await startDedicatedServices();
  Object.assign(process.env, services.env());
  console.log(`dedicated services: Redis ${services.redisUrl} (AOF), Kafka ${services.kafkaBrokers}, state in ${services.config.dir}`);
  return () => services.down();
}
