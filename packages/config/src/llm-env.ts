import { Type } from 'typebox';

/**
 * The LLM providers' variables (worker). A vendor is configured when its API key
 * is set; the defaults are current models from each SDK's own model list.
 * Every default is here, in the description, and in the README's table.
 */
const Millis = (defaultValue: number, description: string, minimum = 0) => Type.Integer({ minimum, default: defaultValue, description });
const Temperature = (vendor: string) =>
  Type.Optional(Type.Number({ minimum: 0, maximum: 2, description: `${vendor} sampling temperature; sent only when set (the newest models refuse it). Default: unset.` }));
const BaseUrl = (description: string) => Type.Optional(Type.String({ pattern: '^https?://', description }));

export const LlmEnv = {
  AI_PROVIDERS: Type.Optional(
    Type.String({
      pattern: '^\\s*(CLAUDE|GPT_4|RULE_BASED)(\\s*,\\s*(CLAUDE|GPT_4|RULE_BASED))*\\s*$',
      description: 'Fallback chain, comma-separated (e.g. "GPT_4,CLAUDE"); RULE_BASED always ends it. Default: the vendors that have a key (CLAUDE, then GPT_4), then RULE_BASED.',
    }),
  ),
  JOB_DEADLINE_MS: Millis(25_000, 'Per-job deadline, from when the job was queued: vendor calls, retries and waits stop in time for three plans before it (the client polls ~30 s).', 1_000),

  ANTHROPIC_API_KEY: Type.Optional(Type.String({ minLength: 1, description: 'Anthropic API key; set → CLAUDE is configured. Default: unset.' })),
  CLAUDE_MODEL: Type.String({ minLength: 1, default: 'claude-sonnet-5-5', description: 'Anthropic model.' }),
  CLAUDE_MAX_TOKENS: Type.Integer({ minimum: 256, default: 8_192, description: 'Output token cap per Claude call.' }),
  CLAUDE_TIMEOUT_MS: Millis(20_000, 'Longest one Claude request may take (the deadline may cut it shorter).', 100),
  CLAUDE_BASE_URL: BaseUrl('Anthropic endpoint without /v1 (a proxy or gateway). Default: the SDK\'s.'),
  CLAUDE_TEMPERATURE: Temperature('Claude'),
  CLAUDE_RPM: Type.Integer({ minimum: 1, default: 1_000, description: 'Claude requests per minute, shared by all worker processes (set your account\'s limit).' }),
  CLAUDE_TPM: Type.Integer({ minimum: 1_000, default: 2_000_000, description: 'Claude tokens per minute, shared by all worker processes.' }),

  OPENAI_API_KEY: Type.Optional(Type.String({ minLength: 1, description: 'OpenAI (or compatible server) API key; set → GPT_4 is configured. Default: unset.' })),
  OPENAI_MODEL: Type.String({ minLength: 1, default: 'gpt-5.5', description: 'OpenAI model (or the local server\'s model name).' }),
  OPENAI_MAX_TOKENS: Type.Integer({ minimum: 256, default: 8_192, description: 'Output token cap per OpenAI call.' }),
  OPENAI_TIMEOUT_MS: Millis(20_000, 'Longest one OpenAI request may take (the deadline may cut it shorter).', 100),
  OPENAI_BASE_URL: BaseUrl('OpenAI endpoint with /v1, e.g. http://127.0.0.1:11434/v1 for Ollama. Default: the SDK\'s.'),
  OPENAI_TEMPERATURE: Temperature('OpenAI'),
  OPENAI_API_MODE: Type.Enum(['responses', 'chat'], {
    default: 'responses',
    description: 'responses: the Responses API; chat: Chat Completions (OpenAI-compatible local servers such as vLLM, Ollama, llama.cpp).',
  }),
  OPENAI_RPM: Type.Integer({ minimum: 1, default: 1_000, description: 'OpenAI requests per minute, shared by all worker processes.' }),
  OPENAI_TPM: Type.Integer({ minimum: 1_000, default: 2_000_000, description: 'OpenAI tokens per minute, shared by all worker processes.' }),

  LLM_MAX_RETRIES: Type.Integer({ minimum: 0, maximum: 10, default: 2, description: 'Retries of a failed vendor request (ours; the SDKs\' own are off), within the deadline.' }),
  LLM_RETRY_BASE_MS: Millis(500, 'First retry backoff (doubles, with jitter, up to 4 s) when the vendor sends no retry-after.', 1),
  LLM_MIN_CALL_MS: Millis(2_000, 'No vendor call or wait starts with less than this left before the deadline; the chain falls through instead.'),
  BREAKER_FAILURES: Type.Integer({ minimum: 1, default: 5, description: 'Consecutive failed requests that open a provider\'s circuit breaker.' }),
  BREAKER_HALF_OPEN_MS: Millis(30_000, 'How long an open breaker skips its provider before one probe request may try it.', 100),
  LLM_PRICES: Type.Optional(
    Type.String({ description: 'Extra or corrected prices, JSON: {"model": {"input": 2, "output": 10, "cacheRead": 0.2, "cacheWrite": 2.5}} (USD per million tokens). Default: the built-in table.' }),
  ),
};
