import { Type, type Static } from 'typebox';

/** Which generator produced a trend analysis or a recommendation result. */
export const AI_PROVIDER_NAMES = ['CLAUDE', 'GPT_4', 'RULE_BASED'] as const;
export const AiProviderName = Type.Enum(AI_PROVIDER_NAMES, {
  description: 'CLAUDE and GPT_4 are LLM vendors; RULE_BASED is the built-in offline generator.',
});
export type AiProviderName = Static<typeof AiProviderName>;
