import Anthropic from '@anthropic-ai/sdk';
import type { TokenUsage } from '@aisvc/contracts';
import { fromHttpFailure, ProviderError } from '../errors.js';
import type { AiProvider } from '../provider.js';
import { createLlmProvider, type Complete, type LlmSettings } from './llm-provider.js';
import { createHttpTransport } from './http-transport.js';

function claudeError(error: unknown): unknown {
  if (error instanceof Anthropic.APIUserAbortError) return new ProviderError('CLAUDE', 'ABORTED', 'request aborted', { cause: error });
  if (error instanceof Anthropic.APIConnectionTimeoutError) return new ProviderError('CLAUDE', 'TIMEOUT', error.message, { cause: error });
  if (error instanceof Anthropic.APIConnectionError) return new ProviderError('CLAUDE', 'CONNECTION', error.message, { cause: error });
  if (error instanceof Anthropic.APIError && typeof error.status === 'number') {
    return fromHttpFailure('CLAUDE', { status: error.status, headers: error.headers instanceof Headers ? error.headers : undefined, code: error.errorCode ?? error.type, message: error.apiMessage ?? error.message }, error);
  }
  return error;
}

/**
 * CLAUDE: the Anthropic Messages API with structured output
 * (`output_config.format` json_schema). The long system prompt is marked for
 * prompt caching, so repeated calls read it from the cache (usage says so).
 * The SDK's own retries are off: the chain owns the retry policy and the deadline.
 */
export function createClaudeProvider(settings: LlmSettings): AiProvider {
  const client = new Anthropic({
    fetch: createHttpTransport().fetch,
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    maxRetries: 0,
    timeout: settings.timeoutMs,
  });
  const complete: Complete = async (prompt, format, signal) => {
    let message: Anthropic.Message;
    try {
      message = await client.messages.create(
        {
          model: settings.model,
          max_tokens: settings.maxTokens,
          system: [{ type: 'text', text: prompt.system, cache_control: { type: 'ephemeral' } }],
          messages: [{ role: 'user', content: prompt.user }],
          output_config: { format: { type: 'json_schema', schema: format.schema } },
          ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
        },
        signal ? { signal } : {},
      );
    } catch (error) {
      throw claudeError(error);
    }
    const usage: TokenUsage = {
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
      cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
    };
    if (message.stop_reason !== 'end_turn') {
      const kind = message.stop_reason === 'max_tokens' ? 'TRUNCATED' : message.stop_reason === 'refusal' ? 'REFUSED' : 'INVALID_OUTPUT';
      throw new ProviderError('CLAUDE', kind, `stop_reason ${String(message.stop_reason)}`, { usage, model: message.model });
    }
    const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    return { text, model: message.model, usage };
  };
  return createLlmProvider('CLAUDE', settings, complete);
}
