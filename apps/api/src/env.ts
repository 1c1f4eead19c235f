import { Type, type Static } from 'typebox';
import { KafkaEnv, LogEnv, QueueEnv, RedisEnv } from '@aisvc/config';

/** Every variable the API reads, with its default. Parsed in main(). */
export const ApiEnv = Type.Object({
  ...RedisEnv,
  ...QueueEnv,
  ...KafkaEnv,
  ...LogEnv,
  HOST: Type.String({ default: '0.0.0.0', description: 'Interface the HTTP server binds to.' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8083, description: 'HTTP port.' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 65_536, description: 'Larger request bodies get 413.' }),
  BULL_BOARD_USER: Type.String({ minLength: 1, default: 'admin', description: 'User name for the Bull Board dashboard (basic auth).' }),
  BULL_BOARD_PASSWORD: Type.Optional(
    Type.String({ minLength: 8, description: 'Password for the Bull Board dashboard. Unset: the dashboard is not mounted.' }),
  ),
});
export type ApiEnv = Static<typeof ApiEnv>;
