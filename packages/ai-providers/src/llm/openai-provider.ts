import OpenAI from 'openai';
import type { TokenUsage } from '@aisvc/contracts';
import { fromHttpFailure, ProviderError } from '../errors.js';
import type { AiProvider } from '../provider.js';
import { createLlmProvider, type Complete, type LlmSettings } from './llm-provider.js';
import type { OpenAiApiMode } from './models.js';
import { createHttpTransport } from './http-transport.js';

function openAiError(error: unknown): unknown {
  if (error instanceof OpenAI.APIUserAbortError) return new ProviderError('GPT_4', 'ABORTED', 'request aborted', { cause: error });
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError('GPT_4', 'TIMEOUT', error.message, { cause: error });
  if (error instanceof OpenAI.APIConnectionError) return new ProviderError('GPT_4', 'CONNECTION', error.message, { cause: error });
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    return fromHttpFailure('GPT_4', { status: error.status, headers: error.headers instanceof Headers ? error.headers : undefined, code: error.code ?? error.type, message: error.message }, error);
  }
  return error;
}

/**
 * GPT_4 (the platform's name; the model is configuration): the Responses API with
 * strict json_schema output and `store: false`, or Chat Completions with
 * `response_format` json_schema in `chat` mode. OpenAI caches long prompts by
 * itself; cached tokens show in the usage. The SDK's own retries are off.
 */
export function createOpenAiProvider(settings: LlmSettings & { apiMode: OpenAiApiMode }): AiProvider {
  const client = new OpenAI({
    fetch: createHttpTransport().fetch,
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    maxRetries: 0,
    timeout: settings.timeoutMs,
  });
  const temperature = settings.temperature === undefined ? {} : { temperature: settings.temperature };

  const responses: Complete = async (prompt, format, signal) => {
    let response: OpenAI.Responses.Response;
    try {
      response = await client.responses.create(
        {
          model: settings.model,
          instructions: prompt.system,
          input: prompt.user,
          text: { format: { type: 'json_schema', name: format.name, schema: format.schema, strict: true } },
          max_output_tokens: settings.maxTokens,
          store: false,
          ...temperature,
        },
        signal ? { signal } : {},
      );
    } catch (error) {
      throw openAiError(error);
    }
    const cached = response.usage?.input_tokens_details.cached_tokens ?? 0;
    const usage: TokenUsage = {
      inputTokens: Math.max(0, (response.usage?.input_tokens ?? 0) - cached),
      outputTokens: response.usage?.output_tokens ?? 0,
      cacheReadTokens: cached,
      cacheWriteTokens: 0,
    };
    const fail = (kind: 'TRUNCATED' | 'REFUSED' | 'INVALID_OUTPUT', message: string) =>
      new ProviderError('GPT_4', kind, message, { usage, model: response.model });
    if (response.status === 'incomplete') {
      const reason = response.incomplete_details?.reason;
      throw fail(reason === 'max_output_tokens' ? 'TRUNCATED' : reason === 'content_filter' ? 'REFUSED' : 'INVALID_OUTPUT', `incomplete: ${String(reason)}`);
    }
    if (response.status !== 'completed') throw fail('INVALID_OUTPUT', `status ${String(response.status)}`);
    let text = '';
    for (const item of response.output) {
      if (item.type !== 'message') continue;
      for (const part of item.content) {
        if (part.type === 'refusal') throw fail('REFUSED', part.refusal);
        text += part.text;
      }
    }
    return { text, model: response.model, usage };
  };

  const chat: Complete = async (prompt, format, signal) => {
    let completion: OpenAI.Chat.ChatCompletion;
    try {
      completion = await client.chat.completions.create(
        {
          model: settings.model,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          response_format: { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: true } },
          // max_tokens rather than max_completion_tokens: what OpenAI-compatible servers understand.
          max_tokens: settings.maxTokens,
          ...temperature,
        },
        signal ? { signal } : {},
      );
    } catch (error) {
      throw openAiError(error);
    }
    const cached = completion.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    const usage: TokenUsage = {
      inputTokens: Math.max(0, (completion.usage?.prompt_tokens ?? 0) - cached),
      outputTokens: completion.usage?.completion_tokens ?? 0,
      cacheReadTokens: cached,
      cacheWriteTokens: 0,
    };
    const choice = completion.choices[0];
    const fail = (kind: 'TRUNCATED' | 'REFUSED' | 'INVALID_OUTPUT', message: string) =>
      new ProviderError('GPT_4', kind, message, { usage, model: completion.model });
    if (!choice) throw fail('INVALID_OUTPUT', 'no choices');
    if (choice.message.refusal) throw fail('REFUSED', choice.message.refusal);
    if (choice.finish_reason === 'length') throw fail('TRUNCATED', 'finish_reason length');
    if (choice.finish_reason === 'content_filter') throw fail('REFUSED', 'finish_reason content_filter');
    return { text: choice.message.content ?? '', model: completion.model, usage };
  };

  return createLlmProvider('GPT_4', settings, settings.apiMode === 'chat' ? chat : responses);
}
