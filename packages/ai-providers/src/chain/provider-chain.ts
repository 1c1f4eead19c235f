import { setTimeout as sleep } from 'node:timers/promises';
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { AiProviderName, ProviderCall } from '@aisvc/contracts';
import type { Logger } from '@aisvc/logging';
import { ProviderError, type FailureKind } from '../errors.js';
import type { AiProvider, CallOptions, ProviderAnswer } from '../provider.js';

export const BREAKER_STATES = ['CLOSED', 'OPEN', 'HALF_OPEN'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/**
 * A per-provider rate limit shared by every worker process (requests and tokens
 * per minute). `take` reserves one request and an estimate of the tokens and
 * answers 0, or how many ms to wait before asking again; `settle` corrects the
 * estimate once the call's usage is known.
 */
export interface RateGate {
  take(provider: AiProviderName, tokens: number): Promise<number>;
  settle(provider: AiProviderName, extraTokens: number): Promise<void>;
}

/** Where a worker publishes its breakers' states for the fleet's /health. */
export type BreakerBoard = (states: { provider: AiProviderName; state: BreakerState }[]) => Promise<void>;

export interface ChainSettings {
  /** Retries after the first attempt of one vendor call (ours; the SDKs' are off). */
  maxRetries: number;
  /** First backoff (exponential, full jitter between half and all of it). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Consecutive failed requests that open a provider's breaker. */
  breakerFailures: number;
  /** How long an open breaker skips its provider before one probe call may try it. */
  breakerHalfOpenMs: number;
  /** No vendor call (or wait for one) starts with less time than this before the deadline. */
  minCallMs: number;
  /** Kept free before the deadline for what follows the last vendor answer (RULE_BASED, Redis writes). */
  reserveMs: number;
  /** Tokens a call is assumed to take beyond its output cap, for the shared token limit. */
  inputTokenEstimate: number;
  /** How often the breakers' states are published (they are also published on every change). */
  publishEveryMs: number;
}

export const DEFAULT_CHAIN_SETTINGS: ChainSettings = {
  maxRetries: 2,
  retryBaseMs: 500,
  retryMaxMs: 4_000,
  breakerFailures: 5,
  breakerHalfOpenMs: 30_000,
  minCallMs: 2_000,
  reserveMs: 500,
  inputTokenEstimate: 3_000,
  publishEveryMs: 10_000,
};

export interface ChainLink {
  provider: AiProvider;
  /** Longest one request may take (the job's deadline may cut it shorter). */
  timeoutMs: number;
  /** Output cap of one call, for the shared token limit. */
  maxTokens: number;
}

export interface ProviderChain extends AiProvider {
  breakerStates(): { provider: AiProviderName; state: BreakerState }[];
  /** Stops publishing breaker states. */
  close(): Promise<void>;
}

/** Failures that say the vendor is unwell or unusable: they count towards opening its breaker. */
const BREAKER_KINDS: ReadonlySet<FailureKind> = new Set(['OVERLOADED', 'SERVER', 'TIMEOUT', 'CONNECTION', 'SPEND_LIMIT', 'AUTH', 'BAD_REQUEST']);

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'CLOSED',
  [CircuitState.Open]: 'OPEN',
  [CircuitState.HalfOpen]: 'HALF_OPEN',
  [CircuitState.Isolated]: 'OPEN',
};

/**
 * The vendor's retry-after when it sent one, else exponential backoff with
 * jitter; never longer than what is left before `deadline` less `minCallMs`.
 */
class DeadlineBackoff implements IBackoff<IRetryBackoffContext<unknown>> {
  constructor(
    readonly duration: number,
    private readonly settings: ChainSettings,
    private readonly deadline: number,
  ) {}

  next(context: IRetryBackoffContext<unknown>): DeadlineBackoff {
    const error = 'error' in context.result ? context.result.error : undefined;
    const exponential = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (context.attempt - 1));
    const wanted = error instanceof ProviderError && error.retryAfterMs !== undefined ? error.retryAfterMs : exponential * (0.5 + Math.random() / 2);
    const room = Math.max(0, this.deadline - Date.now() - this.settings.minCallMs);
    return new DeadlineBackoff(Math.min(wanted, room), this.settings, this.deadline);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The providers in order of preference, each behind its own retry policy,
 * per-request timeout, circuit breaker and shared rate limit, ending in a
 * provider that never fails (RULE_BASED). A job's deadline bounds everything:
 * a vendor is skipped when too little time is left to call it, a retry-after
 * or a rate-limit wait that does not fit makes the chain fall through, and the
 * answer says who answered and whom it fell back from.
 */
export function createProviderChain(
  links: readonly ChainLink[],
  last: AiProvider,
  options: { settings?: Partial<ChainSettings>; rateGate?: RateGate; board?: BreakerBoard; logger: Logger },
): ProviderChain {
  const settings: ChainSettings = { ...DEFAULT_CHAIN_SETTINGS, ...options.settings };
  const baseLogger = options.logger;
  const breakers = new Map<AiProviderName, CircuitBreakerPolicy>();
  for (const link of links) {
    breakers.set(
      link.provider.name,
      circuitBreaker(
        handleWhen((error) => error instanceof ProviderError && BREAKER_KINDS.has(error.kind)),
        { halfOpenAfter: settings.breakerHalfOpenMs, breaker: new ConsecutiveBreaker(settings.breakerFailures) },
      ),
    );
  }
  const breakerStates = () => links.map((l) => ({ provider: l.provider.name, state: STATE_NAMES[breakers.get(l.provider.name)?.state ?? CircuitState.Closed] }));
  const publish = () => {
    if (!options.board || links.length === 0) return;
    options.board(breakerStates()).catch((err: unknown) => baseLogger.warn({ err }, 'breaker states not published'));
  };
  for (const [provider, breaker] of breakers) {
    breaker.onStateChange((state) => {
      baseLogger[state === CircuitState.Closed ? 'info' : 'warn']({ provider, breaker: STATE_NAMES[state] }, 'circuit breaker state changed');
      publish();
    });
  }
  publish();
  const publisher = options.board && links.length > 0 ? setInterval(publish, settings.publishEveryMs) : undefined;
  publisher?.unref();

  /** Waits for the shared rate limit within the deadline, or throws a non-retryable RATE_LIMITED. */
  async function admit(link: ChainLink, deadline: number, signal: AbortSignal | undefined): Promise<number> {
    const tokens = settings.inputTokenEstimate + link.maxTokens;
    if (!options.rateGate) return tokens;
    for (;;) {
      const waitMs = await options.rateGate.take(link.provider.name, tokens);
      if (waitMs <= 0) return tokens;
      if (Date.now() + waitMs + settings.minCallMs > deadline) {
        throw new ProviderError(link.provider.name, 'RATE_LIMITED', `shared rate limit: next slot in ${waitMs} ms, past the deadline`, { shouldRetry: false });
      }
      await sleep(waitMs, undefined, signal ? { signal } : {});
    }
  }

  async function callLink<T>(
    link: ChainLink,
    invoke: (provider: AiProvider, callOptions: CallOptions) => Promise<ProviderAnswer<T>>,
    callOptions: CallOptions,
    deadline: number,
    log: Logger,
  ): Promise<ProviderAnswer<T>> {
    const name = link.provider.name;
    const breaker = breakers.get(name);
    if (!breaker) throw new Error(`no breaker for ${name}`);
    const policy = retry(
      handleWhen(
        (error) =>
          error instanceof ProviderError &&
          error.retryable &&
          Date.now() + (error.retryAfterMs ?? 0) + settings.minCallMs <= deadline,
      ),
      { maxAttempts: settings.maxRetries, backoff: new DeadlineBackoff(0, settings, deadline) },
    );
    policy.onRetry((event) => {
      const error = 'error' in event ? event.error : undefined;
      log.warn({ provider: name, attempt: event.attempt, delayMs: Math.round(event.delay), err: describe(error) }, 'provider attempt failed; retrying');
    });
    return policy.execute(async ({ attempt }) => {
      if (Date.now() + settings.minCallMs > deadline) throw new ProviderError(name, 'TIMEOUT', 'no time left before the deadline', { shouldRetry: false });
      // While one probe call tests a half-open breaker, other calls go elsewhere instead of queueing behind it.
      if (breaker.state === CircuitState.HalfOpen) throw new BrokenCircuitError('half-open: a probe call is in flight');
      const reserved = await admit(link, deadline, callOptions.signal);
      const answer = await breaker.execute(async () => {
        const budget = Math.max(1, Math.min(link.timeoutMs, deadline - Date.now()));
        try {
          return await timeout(budget, TimeoutStrategy.Aggressive).execute(({ signal }) => invoke(link.provider, { ...callOptions, signal }), callOptions.signal);
        } catch (error) {
          if (error instanceof TaskCancelledError && !callOptions.signal?.aborted) {
            throw new ProviderError(name, 'TIMEOUT', `no answer within ${budget} ms`, { cause: error });
          }
          if (error instanceof ProviderError && error.usage) {
            log.warn({ provider: name, model: error.model, usage: error.usage, kind: error.kind }, 'failed call still used tokens');
          }
          throw error;
        }
      });
      if (options.rateGate) {
        const used = answer.call.usage.inputTokens + answer.call.usage.outputTokens + answer.call.usage.cacheReadTokens + answer.call.usage.cacheWriteTokens;
        // Off the job's path: the correction only matters to later calls.
        options.rateGate.settle(name, used - reserved).catch((err: unknown) => log.warn({ err }, 'rate limit not settled'));
      }
      if (attempt > 0) log.info({ provider: name, attempt }, 'provider answered after retrying');
      return answer;
    }, callOptions.signal);
  }

  async function run<T>(
    purpose: ProviderCall['purpose'],
    invoke: (provider: AiProvider, callOptions: CallOptions) => Promise<ProviderAnswer<T>>,
    callOptions: CallOptions,
  ): Promise<ProviderAnswer<T>> {
    const log = callOptions.logger ?? baseLogger;
    // Vendors must be done a little before the job's deadline: the job still has to be written.
    const deadline = (callOptions.deadline ?? Number.POSITIVE_INFINITY) - settings.reserveMs;
    const fellBackFrom: { provider: AiProviderName; reason: string }[] = [];
    const answered = (answer: ProviderAnswer<T>): ProviderAnswer<T> => {
      const call = fellBackFrom.length > 0 ? { ...answer.call, fellBackFrom } : answer.call;
      log.info(
        { purpose, provider: call.provider, model: call.model, promptVersion: call.promptVersion, usage: call.usage, costUsd: call.costUsd, ms: call.ms, fellBackFrom: call.fellBackFrom },
        'provider call answered',
      );
      return { value: answer.value, call };
    };
    for (const link of links) {
      try {
        return answered(await callLink(link, invoke, callOptions, deadline, log));
      } catch (error) {
        const reason =
          error instanceof BrokenCircuitError
            ? 'circuit open'
            : error instanceof ProviderError
              ? `${error.kind}: ${error.message}`
              : describe(error);
        fellBackFrom.push({ provider: link.provider.name, reason });
        log.warn({ purpose, provider: link.provider.name, reason }, 'provider did not answer; falling through');
      }
    }
    // The last link answers whatever time is left: a job always ends with a result.
    return answered(await invoke(last, { ...callOptions, signal: undefined }));
  }

  return {
    name: links[0]?.provider.name ?? last.name,
    model: links[0]?.provider.model ?? last.model,
    analyseTrends: (query, callOptions = {}) => run('TREND_ANALYSIS', (p, o) => p.analyseTrends(query, o), callOptions),
    generateRecommendations: (query, callOptions = {}) => run('RECOMMENDATIONS', (p, o) => p.generateRecommendations(query, o), callOptions),
    breakerStates,
    close: async () => {
      if (publisher) clearInterval(publisher);
    },
  };
}
