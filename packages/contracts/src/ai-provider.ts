import { Type, type Static } from 'typebox';

/** Which generator produced a trend analysis or a recommendation result. */
export const AiProviderName = Type.Union(
  [Type.Literal('CLAUDE'), Type.Literal('GPT_4'), Type.Literal('RULE_BASED')],
  { description: 'CLAUDE and GPT_4 are LLM vendors; RULE_BASED is the built-in offline generator.' },
);
export type AiProviderName = Static<typeof AiProviderName>;
