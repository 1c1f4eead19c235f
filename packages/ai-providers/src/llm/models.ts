// Model defaults and API modes, apart from the SDK modules so that importing
// them (or the package) loads no vendor SDK: a worker loads only the SDKs of
// the vendors it is configured for (each costs ~25 MB of RSS).

/** Current Sonnet from the SDK's model list (claude-sonnet-4-5, the original's, shuts down 2026-11-30). */
export const DEFAULT_CLAUDE_MODEL = 'claude-sonnet-5-5';

/** Current GPT from the SDK's model list (gpt-4 shut down 2026-10-23; gpt-4o/4.1 on 2027-01-14). */
export const DEFAULT_OPENAI_MODEL = 'gpt-5.5';

/** `responses`: OpenAI's Responses API; `chat`: Chat Completions, for OpenAI-compatible local servers (vLLM, Ollama, llama.cpp). */
export const OPENAI_API_MODES = ['responses', 'chat'] as const;
export type OpenAiApiMode = (typeof OPENAI_API_MODES)[number];
