import { Type, type Static } from 'typebox';
import { compileSchema } from './validation.js';
import { seasonOf } from './season.js';

const ID_PATTERN = '^[A-Za-z0-9_-]+$';
// Industry and region become parts of Redis keys: no ':' and no control characters.
const KEY_PART_PATTERN = '^[^:\\u0000-\\u001F\\u007F-\\u009F]+$';

export const JobId = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: ID_PATTERN,
  description: '1–100 chars of [A-Za-z0-9_-]; UUIDs and JOB-AI-… ids both fit.',
  examples: ['JOB-AI-20261124-0001'],
});
export const EventId = Type.String({ minLength: 1, maxLength: 100, pattern: ID_PATTERN, examples: ['EVT-1001'] });
const KeyPart = (description: string, example: string) =>
  Type.String({ minLength: 1, maxLength: 50, pattern: KEY_PART_PATTERN, description, examples: [example] });
const KrwAmount = Type.Integer({ minimum: 0 });

export const StoreInfo = Type.Object(
  {
    storeName: Type.Optional(Type.String({ maxLength: 100 })),
    storeSize: Type.Optional(Type.String({ maxLength: 50 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    monthlyRevenue: Type.Optional(Type.Integer({ minimum: 0, description: 'Integer KRW.' })),
    budget: Type.Optional(Type.Object({ min: KrwAmount, max: KrwAmount }, { description: 'Integer KRW.' })),
  });
export type StoreInfo = Static<typeof StoreInfo>;

const requestFields = {
  eventId: EventId,
  objective: Type.String({ minLength: 1, maxLength: 200, examples: ['신규 고객 유치'] }),
  industry: KeyPart('Store industry, e.g. 음식점, 카페.', '음식점'),
  region: KeyPart('Store region, e.g. 강남구, 서울 성동구.', '강남구'),
  storeInfo: Type.Optional(StoreInfo),
  season: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'Derived from requestedAt (or now) when absent.' })),
  requestedAt: Type.Optional(Type.String({ format: 'date-time' })),
};

/** The canonical `ai-job-request` message (camelCase). */
export const JobRequestMessage = Type.Object({ jobId: JobId, ...requestFields });
export type JobRequestMessage = Static<typeof JobRequestMessage>;

/** Body of `POST /internal/jobs`: the message, jobId optional (give one for idempotent retries). */
export const SubmitJobBody = Type.Object({ jobId: Type.Optional(JobId), ...requestFields });
export type SubmitJobBody = Static<typeof SubmitJobBody>;

/** A validated, normalised request: BullMQ job data. `season` is always set. */
export const JobRequest = Type.Object(
  { jobId: JobId, ...requestFields, season: Type.String({ minLength: 1, maxLength: 20 }) });
export type JobRequest = Static<typeof JobRequest>;

const messageChecker = compileSchema(JobRequestMessage);

export type RejectCode = 'TOO_LARGE' | 'INVALID_JSON' | 'INVALID_MESSAGE';
export type ParseResult =
  | { ok: true; request: JobRequest }
  | { ok: false; code: RejectCode; reason: string };

/**
 * Field names of the snake_case shape the Event Service was seen to send, and the
 * canonical field each one feeds. When both spellings are present the canonical wins.
 */
const TOP_LEVEL_ALIASES: Record<string, string> = {
  job_id: 'jobId',
  event_id: 'eventId',
  eventDraftId: 'eventId',
  event_draft_id: 'eventId',
  store_category: 'industry',
  storeCategory: 'industry',
  address: 'region',
  store_address: 'region',
  requested_at: 'requestedAt',
};
const STORE_INFO_ALIASES: Record<string, string> = {
  store_name: 'storeName',
  store_size: 'storeSize',
  store_description: 'description',
  monthly_revenue: 'monthlyRevenue',
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Trims and NFC-normalises the strings of the canonical shape: top-level fields
 * and storeInfo's. Nothing deeper is visited (the schema has no deeper strings),
 * so a hostile, deeply nested value costs nothing here and fails validation.
 */
function normaliseText(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.trim().normalize('NFC');
  if (depth < 2 && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseText(v, depth + 1)]));
  }
  return value;
}

/** Maps both accepted shapes onto the canonical field names; unknown fields are dropped. */
function toCanonicalShape(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const take = (from: Record<string, unknown>, aliases: Record<string, string>, target: Record<string, unknown>, canonical: readonly string[]) => {
    for (const name of canonical) if (from[name] !== undefined) target[name] = from[name];
    for (const [alias, name] of Object.entries(aliases)) {
      if (target[name] === undefined && from[alias] !== undefined) target[name] = from[alias];
    }
  };
  take(input, TOP_LEVEL_ALIASES, out, ['jobId', 'eventId', 'objective', 'industry', 'region', 'season', 'requestedAt']);

  const storeInfo: Record<string, unknown> = {};
  const nested = isPlainObject(input['storeInfo']) ? input['storeInfo'] : input['storeInfo'] === undefined ? {} : null;
  if (nested === null) {
    out['storeInfo'] = input['storeInfo']; // not an object: let validation name it
  } else {
    take(nested, STORE_INFO_ALIASES, storeInfo, ['storeName', 'storeSize', 'description', 'monthlyRevenue', 'budget']);
    take(input, STORE_INFO_ALIASES, storeInfo, []); // flat snake_case store fields
    if (storeInfo['budget'] === undefined && input['budget'] !== undefined) storeInfo['budget'] = input['budget'];
    if (Object.keys(storeInfo).length > 0) out['storeInfo'] = storeInfo;
  }
  return out;
}

/**
 * Validates and normalises an already-decoded request (either accepted shape).
 * Nothing is silently rewritten beyond trimming, NFC and field renaming: a value
 * that breaks a rule is rejected with a reason naming the field.
 */
export function normaliseJobRequest(input: unknown, now: () => Date = () => new Date()): ParseResult {
  if (!isPlainObject(input)) {
    return { ok: false, code: 'INVALID_MESSAGE', reason: 'message must be a JSON object' };
  }
  const candidate = normaliseText(toCanonicalShape(input));
  if (!messageChecker.check(candidate)) {
    return { ok: false, code: 'INVALID_MESSAGE', reason: messageChecker.problems(candidate).join('; ') };
  }
  const requestedAt = candidate.requestedAt ? new Date(candidate.requestedAt) : undefined;
  if (requestedAt && Number.isNaN(requestedAt.getTime())) {
    return { ok: false, code: 'INVALID_MESSAGE', reason: '/requestedAt: not a valid date-time' };
  }
  const budget = candidate.storeInfo?.budget;
  if (budget && budget.min > budget.max) {
    return { ok: false, code: 'INVALID_MESSAGE', reason: '/storeInfo/budget: min must not exceed max' };
  }
  return { ok: true, request: { ...candidate, season: candidate.season ?? seasonOf(requestedAt ?? now()) } };
}

/** Decodes a Kafka message value (UTF-8 JSON) and normalises it. */
export function parseJobRequestMessage(value: Buffer | null, maxBytes: number, now?: () => Date): ParseResult {
  if (value === null || value.length === 0) return { ok: false, code: 'INVALID_MESSAGE', reason: 'empty message value' };
  if (value.length > maxBytes) {
    return { ok: false, code: 'TOO_LARGE', reason: `message is ${value.length} bytes; the limit is ${maxBytes}` };
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(value));
  } catch (error) {
    return { ok: false, code: 'INVALID_JSON', reason: `value is not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return normaliseJobRequest(decoded, now);
}
