import type { AiProviderName, TokenUsage } from '@aisvc/contracts';

/**
 * Why a provider call failed. The kind decides what happens next:
 * - retried (within the job's deadline): RATE_LIMITED, OVERLOADED, SERVER, TIMEOUT, CONNECTION;
 * - never retried, the chain falls through at once: SPEND_LIMIT, AUTH, BAD_REQUEST,
 *   TRUNCATED (max_tokens), REFUSED, INVALID_OUTPUT, ABORTED.
 */
export const FAILURE_KINDS = [
  'RATE_LIMITED',
  'OVERLOADED',
  'SERVER',
  'TIMEOUT',
  'CONNECTION',
  'SPEND_LIMIT',
  'AUTH',
  'BAD_REQUEST',
  'TRUNCATED',
  'REFUSED',
  'INVALID_OUTPUT',
  'ABORTED',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

const RETRYABLE: ReadonlySet<FailureKind> = new Set(['RATE_LIMITED', 'OVERLOADED', 'SERVER', 'TIMEOUT', 'CONNECTION']);

export interface ProviderErrorOptions {
  /** What the vendor asked us to wait (retry-after-ms / retry-after), when it said. */
  retryAfterMs?: number | undefined;
  /** The vendor's `x-should-retry` answer, which overrides our own view when present. */
  shouldRetry?: boolean | undefined;
  /** Tokens a failed call still used (a max_tokens stop is billed). */
  usage?: TokenUsage | undefined;
  model?: string | undefined;
  cause?: unknown;
}

/** A failed provider call, classified so the chain can decide: retry, fall through, open the breaker. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly retryAfterMs: number | undefined;
  readonly usage: TokenUsage | undefined;
  readonly model: string | undefined;
  private readonly shouldRetry: boolean | undefined;

  constructor(
    readonly provider: AiProviderName,
    readonly kind: FailureKind,
    message: string,
    options: ProviderErrorOptions = {},
  ) {
    super(`${provider} ${kind}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
    this.shouldRetry = options.shouldRetry;
    this.usage = options.usage;
    this.model = options.model;
  }

  /** Worth another attempt (if the deadline allows). Spend limits never are, whatever the server says. */
  get retryable(): boolean {
    if (this.kind === 'SPEND_LIMIT' || this.kind === 'ABORTED') return false;
    return this.shouldRetry ?? RETRYABLE.has(this.kind);
  }
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What an SDK's HTTP error says, in vendor-neutral terms. */
export interface HttpFailure {
  status: number;
  headers: Headers | undefined;
  /** Vendor error code (Anthropic `error.details.error_code`, OpenAI `error.code`). */
  code: string | null | undefined;
  message: string;
}

const SPEND_LIMIT_CODES = /spend_limit|insufficient_quota|billing/i;

/** Classifies an HTTP error answer of either vendor. */
export function fromHttpFailure(provider: AiProviderName, failure: HttpFailure, cause: unknown): ProviderError {
  const { status, headers, code, message } = failure;
  const shouldRetryHeader = headers?.get('x-should-retry');
  const options: ProviderErrorOptions = {
    retryAfterMs: retryAfterMs(headers),
    shouldRetry: shouldRetryHeader === 'true' ? true : shouldRetryHeader === 'false' ? false : undefined,
    cause,
  };
  const kind: FailureKind =
    status === 402 || (code && SPEND_LIMIT_CODES.test(code))
      ? 'SPEND_LIMIT'
      : status === 429
        ? 'RATE_LIMITED'
        : status === 529
          ? 'OVERLOADED'
          : status === 401 || status === 403
            ? 'AUTH'
            : status >= 500 || status === 408 || status === 409
              ? 'SERVER'
              : 'BAD_REQUEST';
  return new ProviderError(provider, kind, `HTTP ${status}${code ? ` ${code}` : ''}: ${message}`, options);
}
