import type { AiProviderName } from '@aisvc/contracts';
import type { Logger } from '@aisvc/logging';
import type { LlmSettings } from '../llm/llm-provider.js';
import type { OpenAiApiMode } from '../llm/models.js';
import { createRuleBasedProvider } from '../rule-based/rule-based-provider.js';
import { createProviderChain, type BreakerBoard, type ChainLink, type ChainSettings, type ProviderChain, type RateGate } from './provider-chain.js';

export interface ProvidersConfig {
  /** Set when CLAUDE is configured (it has an API key). */
  claude?: LlmSettings | undefined;
  /** Set when GPT_4 is configured. */
  openai?: (LlmSettings & { apiMode: OpenAiApiMode }) | undefined;
  /**
   * The chain, in order; RULE_BASED ends it whether named or not. Unset: the
   * configured vendors (CLAUDE, then GPT_4), then RULE_BASED.
   */
  order?: readonly AiProviderName[] | undefined;
  chain?: Partial<ChainSettings> | undefined;
}

/** Thrown when the chain names a vendor that has no configuration (no API key). */
export class ProviderConfigError extends Error {
  override readonly name = 'ProviderConfigError';
}

/**
 * The providers of a worker process, as one chain ending in RULE_BASED. A
 * vendor's SDK is imported only when the chain uses it.
 */
export async function buildProviderChain(config: ProvidersConfig, deps: { logger: Logger; rateGate?: RateGate; board?: BreakerBoard }): Promise<ProviderChain> {
  const order = config.order ?? [...(config.claude ? (['CLAUDE'] as const) : []), ...(config.openai ? (['GPT_4'] as const) : [])];
  const links: ChainLink[] = [];
  for (const name of order) {
    if (name === 'RULE_BASED') break; // it always answers: nothing after it would run
    if (links.some((l) => l.provider.name === name)) continue;
    if (name === 'CLAUDE') {
      if (!config.claude) throw new ProviderConfigError('CLAUDE is in the provider chain but ANTHROPIC_API_KEY is not set');
      const { createClaudeProvider } = await import('../llm/claude-provider.js');
      links.push({ provider: createClaudeProvider(config.claude), timeoutMs: config.claude.timeoutMs, maxTokens: config.claude.maxTokens });
    } else {
      if (!config.openai) throw new ProviderConfigError('GPT_4 is in the provider chain but OPENAI_API_KEY is not set');
      const { createOpenAiProvider } = await import('../llm/openai-provider.js');
      links.push({ provider: createOpenAiProvider(config.openai), timeoutMs: config.openai.timeoutMs, maxTokens: config.openai.maxTokens });
    }
  }
  return createProviderChain(links, createRuleBasedProvider(), {
    logger: deps.logger,
    ...(config.chain ? { settings: config.chain } : {}),
    ...(deps.rateGate ? { rateGate: deps.rateGate } : {}),
    ...(deps.board ? { board: deps.board } : {}),
  });
}
