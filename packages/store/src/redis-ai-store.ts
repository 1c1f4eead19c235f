import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  AI_PROVIDER_NAMES,
  type AiProviderName,
  AIRecommendationResult,
  compileSchema,
  JobStatus,
  PROGRESS_STEPS,
  redisKeys,
  TrendAnalysis,
  TTL_SECONDS,
  type SchemaChecker,
} from '@aisvc/contracts';
import type { TSchema } from 'typebox';
import type { AiStore, BreakerReport, StatusUpdate } from './ai-store.js';
import { parseStored } from './json-value.js';

// Atomic so that two workers (or a late retry) can never move a status backwards.
// KEYS[1] status key; ARGV[1] new record (JSON, createdAt = now); ARGV[2] TTL seconds.
const UPDATE_STATUS_LUA = `
local current = redis.call('GET', KEYS[1])
local new = cjson.decode(ARGV[1])
if current then
  local old = cjson.decode(current)
  if old.status == 'COMPLETED' then return current end
  local oldAttempt = old.attempt or 0
  local newAttempt = new.attempt or 0
  if newAttempt < oldAttempt then return current end
  if newAttempt == oldAttempt and new.progress < old.progress then
    if new.status ~= 'FAILED' then return current end
    new.progress = old.progress
  end
  new.createdAt = old.createdAt
end
local stored = cjson.encode(new)
redis.call('SET', KEYS[1], stored, 'EX', tonumber(ARGV[2]))
return stored
`;

// PENDING for each job that has no status (or an unreadable one); for the others, the status
// that is there. One script for a whole run of requests: one command instead of one per job.
// KEYS status keys; ARGV[1] TTL seconds, ARGV[1 + i] the PENDING record for KEYS[i].
// Returns per key: 1 when it wrote, else the stored value.
const CLAIM_PENDING_LUA = `
local out = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('GET', key)
  local readable = current and pcall(cjson.decode, current)
  if readable then
    out[i] = current
  else
    redis.call('SET', key, ARGV[i + 1], 'EX', tonumber(ARGV[1]))
    out[i] = 1
  end
end
return out
`;

// Deletes the lock only if we still hold it (it may have expired and been taken).
const RELEASE_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

// Extends the lock only if we still hold it.
const EXTEND_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/**
 * A Lua script run by its SHA1 (EVALSHA): the script text crosses the network only
 * the first time a Redis sees it (NOSCRIPT), not on every status update.
 */
class LuaScript {
  private readonly sha: string;
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

const updateStatusScript = new LuaScript(UPDATE_STATUS_LUA);
const releaseLockScript = new LuaScript(RELEASE_LOCK_LUA);
const claimPendingScript = new LuaScript(CLAIM_PENDING_LUA);
const extendLockScript = new LuaScript(EXTEND_LOCK_LUA);

const BREAKER_STATES: readonly string[] = ['CLOSED', 'OPEN', 'HALF_OPEN'] satisfies BreakerReport['state'][];
const isBreakerState = (value: unknown): value is BreakerReport['state'] => typeof value === 'string' && BREAKER_STATES.includes(value);
const isProvider = (value: string): value is AiProviderName => (AI_PROVIDER_NAMES as readonly string[]).includes(value);

export interface RedisAiStoreOptions {
  /** Put in front of every key, e.g. "staging:" or a test's own namespace. */
  keyPrefix?: string;
  now?: () => Date;
  /**
   * Told about a stored value that does not match its schema (written by an older
   * version, truncated, hand-edited). Such a value reads as absent.
   */
  onInvalid?: (key: string, problems: string[]) => void;
}

const checkers = {
  status: compileSchema(JobStatus),
  trend: compileSchema(TrendAnalysis),
  result: compileSchema(AIRecommendationResult),
};

export class RedisAiStore implements AiStore {
  private readonly prefix: string;
  private readonly now: () => Date;
  private readonly onInvalid: (key: string, problems: string[]) => void;

  constructor(
    private readonly redis: Redis,
    options: RedisAiStoreOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? '';
    this.now = options.now ?? (() => new Date());
    this.onInvalid = options.onInvalid ?? (() => undefined);
  }

  private key(bare: string): string {
    return this.prefix + bare;
  }

  /** Reads a JSON value and checks it against its schema; absent or invalid → null. */
  private async read<T extends TSchema>(bareKey: string, checker: SchemaChecker<T>) {
    const key = this.key(bareKey);
    return parseStored(key, await this.redis.get(key), checker, this.onInvalid);
  }

  async createPendingStatus(job: { jobId: string; eventId: string }): Promise<boolean> {
    const [claim] = await this.claimPendingStatuses([job]);
    return claim?.existing === null;
  }

  async claimPendingStatuses(jobs: { jobId: string; eventId: string }[]): Promise<{ existing: JobStatus | null }[]> {
    if (jobs.length === 0) return [];
    const at = this.now().toISOString();
    const keys = jobs.map(({ jobId }) => this.key(redisKeys.jobStatus(jobId)));
    const records = jobs.map(({ jobId, eventId }) => JSON.stringify({ jobId, eventId, ...PROGRESS_STEPS.pending, createdAt: at, updatedAt: at } satisfies JobStatus));
    const replies = await claimPendingScript.run(this.redis, keys, [TTL_SECONDS.jobStatus, ...records]);
    if (!Array.isArray(replies)) throw new Error('the status script did not answer a list');
    return keys.map((key, i) => {
      const reply: unknown = replies[i];
      return { existing: typeof reply === 'string' ? parseStored(key, reply, checkers.status, this.onInvalid) : null };
    });
  }

  async updateStatus(update: StatusUpdate): Promise<JobStatus> {
    const at = this.now().toISOString();
    const record: JobStatus = { ...update, createdAt: at, updatedAt: at };
    const stored = await updateStatusScript.run(
      this.redis,
      [this.key(redisKeys.jobStatus(update.jobId))],
      [JSON.stringify(record), TTL_SECONDS.jobStatus],
    );
    const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
    if (!checkers.status.check(value)) throw new Error(`status of ${update.jobId} after update is not a valid record`);
    return value;
  }

  getStatus(jobId: string): Promise<JobStatus | null> {
    return this.read(redisKeys.jobStatus(jobId), checkers.status);
  }


  getTrend(industry: string, region: string): Promise<TrendAnalysis | null> {
    return this.read(redisKeys.trend(industry, region), checkers.trend);
  }

  async getTrendEntry(industry: string, region: string): Promise<{ trend: TrendAnalysis; expiresAt: number } | null> {
    const key = this.key(redisKeys.trend(industry, region));
    // Counted from before the read: the key expires no earlier than this (same machine clock, or close).
    const sentAt = Date.now();
    const replies = await this.redis.pipeline().get(key).pttl(key).exec();
    const [[getError, raw] = [null, null], [ttlError, ttlMs] = [null, -2]] = replies ?? [];
    if (getError) throw getError;
    if (ttlError) throw ttlError;
    const trend = parseStored(key, typeof raw === 'string' ? raw : null, checkers.trend, this.onInvalid);
    // PTTL: -1 no expiry (set by hand), -2 gone since the GET.
    if (!trend || typeof ttlMs !== 'number' || ttlMs === -2) return null;
    return { trend, expiresAt: ttlMs === -1 ? Number.POSITIVE_INFINITY : sentAt + ttlMs };
  }

  async saveTrend(trend: TrendAnalysis, ttlSeconds: number = TTL_SECONDS.trend): Promise<void> {
    await this.redis.set(this.key(redisKeys.trend(trend.industry, trend.region)), JSON.stringify(trend), 'EX', ttlSeconds);
  }

  async acquireTrendLock(industry: string, region: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const ok = await this.redis.set(this.key(redisKeys.trendLock(industry, region)), token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  async releaseTrendLock(industry: string, region: string, token: string): Promise<void> {
    await releaseLockScript.run(this.redis, [this.key(redisKeys.trendLock(industry, region))], [token]);
  }

  async extendTrendLock(industry: string, region: string, token: string, ttlMs: number): Promise<boolean> {
    return (await extendLockScript.run(this.redis, [this.key(redisKeys.trendLock(industry, region))], [token, ttlMs])) === 1;
  }

  /**
   * One hash for the fleet (field `{workerId}|{provider}`, value `{state, expiresAt}`),
   * so /health reads it in one HGETALL; entries of workers that stopped publishing
   * expire by their own `expiresAt` (Redis 7.0 has no per-field TTL) and are pruned here.
   */
  async publishBreakerStates(workerId: string, states: readonly BreakerReport[], ttlSeconds: number): Promise<void> {
    if (states.length === 0) return;
    const key = this.key(redisKeys.breakers());
    const expiresAt = this.now().getTime() + ttlSeconds * 1000;
    const fields = states.flatMap((s) => [`${workerId}|${s.provider}`, JSON.stringify({ state: s.state, expiresAt })]);
    await this.redis.multi().hset(key, ...fields).expire(key, ttlSeconds).exec();
  }

  async getBreakerStates(): Promise<(BreakerReport & { workerId: string })[]> {
    const key = this.key(redisKeys.breakers());
    const entries = await this.redis.hgetall(key);
    const now = this.now().getTime();
    const live: (BreakerReport & { workerId: string })[] = [];
    const expired: string[] = [];
    for (const [field, raw] of Object.entries(entries)) {
      const cut = field.lastIndexOf('|');
      const workerId = field.slice(0, cut);
      const provider = field.slice(cut + 1);
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        value = undefined;
      }
      const state = typeof value === 'object' && value !== null && 'state' in value ? value.state : undefined;
      const expiresAt = typeof value === 'object' && value !== null && 'expiresAt' in value ? value.expiresAt : undefined;
      if (typeof expiresAt !== 'number' || expiresAt < now || !isBreakerState(state) || !isProvider(provider)) {
        expired.push(field);
        continue;
      }
      live.push({ workerId, provider, state });
    }
    if (expired.length > 0) await this.redis.hdel(key, ...expired);
    return live;
  }

  getRecommendation(eventId: string): Promise<AIRecommendationResult | null> {
    return this.read(redisKeys.recommendation(eventId), checkers.result);
  }

  async saveRecommendation(result: AIRecommendationResult): Promise<void> {
    await this.redis.set(this.key(redisKeys.recommendation(result.eventId)), JSON.stringify(result), 'EX', TTL_SECONDS.recommendation);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}
