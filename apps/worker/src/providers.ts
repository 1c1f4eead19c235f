import type { AiProviderName } from '@aisvc/contracts';
import { parsePriceOverrides, type ProvidersConfig } from '@aisvc/ai-providers';
import type { ProviderLimits } from '@aisvc/store';
import type { WorkerEnv } from './env.js';

const isProviderName = (name: string): name is AiProviderName => name === 'CLAUDE' || name === 'GPT_4' || name === 'RULE_BASED';

/** The providers' configuration from the worker's env. */
export function providersFromEnv(env: WorkerEnv): ProvidersConfig {
  const prices = parsePriceOverrides(env.LLM_PRICES);
  const order = env.AI_PROVIDERS?.split(',').map((n) => n.trim()).filter(isProviderName);
  return {
    claude: env.ANTHROPIC_API_KEY
      ? {
          apiKey: env.ANTHROPIC_API_KEY,
          model: env.CLAUDE_MODEL,
          maxTokens: env.CLAUDE_MAX_TOKENS,
          timeoutMs: env.CLAUDE_TIMEOUT_MS,
          baseURL: env.CLAUDE_BASE_URL,
          temperature: env.CLAUDE_TEMPERATURE,
          prices,
        }
      : undefined,
    openai: env.OPENAI_API_KEY
      ? {
          apiKey: env.OPENAI_API_KEY,
          model: env.OPENAI_MODEL,
          maxTokens: env.OPENAI_MAX_TOKENS,
          timeoutMs: env.OPENAI_TIMEOUT_MS,
          baseURL: env.OPENAI_BASE_URL,
          temperature: env.OPENAI_TEMPERATURE,
          apiMode: env.OPENAI_API_MODE,
          prices,
        }
      : undefined,
    order,
    chain: {
      maxRetries: env.LLM_MAX_RETRIES,
      retryBaseMs: env.LLM_RETRY_BASE_MS,
      minCallMs: env.LLM_MIN_CALL_MS,
      breakerFailures: env.BREAKER_FAILURES,
      breakerHalfOpenMs: env.BREAKER_HALF_OPEN_MS,
    },
  };
}

/** The shared per-provider rate limits from the worker's env. */
export function rateLimitsFromEnv(env: WorkerEnv): Partial<Record<AiProviderName, ProviderLimits>> {
  return {
    ...(env.ANTHROPIC_API_KEY ? { CLAUDE: { requestsPerMinute: env.CLAUDE_RPM, tokensPerMinute: env.CLAUDE_TPM } } : {}),
    ...(env.OPENAI_API_KEY ? { GPT_4: { requestsPerMinute: env.OPENAI_RPM, tokensPerMinute: env.OPENAI_TPM } } : {}),
  };
}
