import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { ConfigError, parseEnv } from './parse-env.js';
import { KafkaEnv, RedisEnv } from './fragments.js';

const Schema = Type.Object({
  ...RedisEnv,
  ...KafkaEnv,
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8083 }),
  ENABLED: Type.Boolean({ default: false }),
});

describe('parseEnv', () => {
  it('applies defaults when nothing is set', () => {
    const env = parseEnv(Schema, {});
    expect(env).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', KAFKA_BROKERS: '127.0.0.1:9092', PORT: 8083, ENABLED: false, KEY_PREFIX: '' });
    expect(env.CACHE_REDIS_URL).toBeUndefined();
  });

  it('converts numbers and booleans and ignores unrelated variables', () => {
    const env = parseEnv(Schema, { PORT: '9000', ENABLED: 'true', HOME: '/root' });
    expect(env.PORT).toBe(9000);
    expect(env.ENABLED).toBe(true);
    expect(env).not.toHaveProperty('HOME');
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnv(Schema, { PORT: '' }).PORT).toBe(8083);
  });

  it('fails naming each bad variable and its value', () => {
    let error: unknown;
    try {
      parseEnv(Schema, { PORT: 'eighty', REDIS_URL: 'http://nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/PORT: .*"eighty"/);
    expect(message).toMatch(/REDIS_URL: .*"http:\/\/nope"/);
  });

  it('names a missing required variable', () => {
    const Required = Type.Object({ API_TOKEN: Type.String({ minLength: 1 }) });
    expect(() => parseEnv(Required, {})).toThrow(/API_TOKEN: required/);
  });
});
