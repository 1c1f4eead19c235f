// Local stand-ins for the LLM vendors: a node:http server that speaks each
// vendor's JSON shapes, answers from a script (status, headers such as
// retry-after and x-should-retry, latency, body) and records what it received.
// The real SDKs point at it through their baseURL.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Vendor = 'anthropic' | 'openai';

/** One request as the fake received it. */
export interface FakeRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body (undefined when it was not JSON). */
  body: unknown;
  /** When it arrived (epoch ms). */
  at: number;
}

/** One scripted answer. */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
  /** Wait this long before answering (a client timeout cuts it short). */
  latencyMs?: number;
}

export type Responder = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeVendor {
  /** The baseURL for the vendor's SDK: Anthropic's without /v1, OpenAI's with it. */
  readonly baseURL: string;
  /** Every request received, in order. */
  readonly requests: FakeRequest[];
  /** Answers for the next requests, in order; after them the default responder answers. */
  script(...replies: FakeReply[]): void;
  /** Replaces the default responder. */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Starts a fake of `vendor` on 127.0.0.1 (a free port) answering with `responder` unless scripted. */
export async function startFakeVendor(vendor: Vendor, responder: Responder): Promise<FakeVendor> {
  const requests: FakeRequest[] = [];
  const scripted: FakeReply[] = [];
  let fallback = responder;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const request: FakeRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: await readBody(req), at: Date.now() };
    requests.push(request);
    const reply = scripted.shift() ?? (await fallback(request));
    if (reply.latencyMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, reply.latencyMs);
        // A client that gave up (timeout, abort) need not be answered.
        res.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (res.destroyed || res.writableEnded) return;
    const payload = reply.raw ?? JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(payload);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake failed: ${error instanceof Error ? error.message : String(error)}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseURL: vendor === 'anthropic' ? origin : `${origin}/v1`,
    requests,
    script: (...replies) => {
      scripted.push(...replies);
    },
    respond: (next) => {
      fallback = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ------------------------------------------------------------- wire shapes

export interface FakeUsage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

let sequence = 0;
const nextId = (prefix: string) => `${prefix}_fake_${(sequence += 1)}`;

/** An Anthropic Messages API answer. */
export function anthropicMessage(text: string, options: { model?: string; stopReason?: string; usage?: FakeUsage } = {}): unknown {
  const usage = options.usage ?? {};
  return {
    id: nextId('msg'),
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-sonnet-5-5',
    content: [{ type: 'text', text }],
    stop_reason: options.stopReason ?? 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: usage.input ?? 1200,
      output_tokens: usage.output ?? 800,
      cache_read_input_tokens: usage.cacheRead ?? 0,
      cache_creation_input_tokens: usage.cacheWrite ?? 0,
    },
  };
}

/** An Anthropic error body; `errorCode` goes to error.details.error_code (e.g. enforced_spend_limit_reached). */
export function anthropicError(type: string, message: string, errorCode?: string): unknown {
  return { type: 'error', error: { type, message, ...(errorCode ? { details: { error_code: errorCode } } : {}) } };
}

/** An OpenAI Responses API answer; `refusal` answers with a refusal part instead of text. */
export function openAiResponse(
  text: string,
  options: { model?: string; status?: 'completed' | 'incomplete'; incompleteReason?: string; refusal?: string; usage?: FakeUsage } = {},
): unknown {
  const usage = options.usage ?? {};
  const cached = usage.cacheRead ?? 0;
  return {
    id: nextId('resp'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: options.status ?? 'completed',
    incomplete_details: options.incompleteReason ? { reason: options.incompleteReason } : null,
    model: options.model ?? 'gpt-5.5',
    output: [
      {
        type: 'message',
        id: nextId('msg'),
        status: 'completed',
        role: 'assistant',
        content: options.refusal ? [{ type: 'refusal', refusal: options.refusal }] : [{ type: 'output_text', text, annotations: [] }],
      },
    ],
    usage: {
      input_tokens: (usage.input ?? 1200) + cached,
      input_tokens_details: { cached_tokens: cached },
      output_tokens: usage.output ?? 800,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: (usage.input ?? 1200) + cached + (usage.output ?? 800),
    },
  };
}

/** An OpenAI Chat Completions answer (what OpenAI-compatible servers speak). */
export function openAiChatCompletion(text: string, options: { model?: string; finishReason?: string; refusal?: string; usage?: FakeUsage } = {}): unknown {
  const usage = options.usage ?? {};
  const cached = usage.cacheRead ?? 0;
  return {
    id: nextId('chatcmpl'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model ?? 'local-model',
    choices: [
      {
        index: 0,
        finish_reason: options.finishReason ?? 'stop',
        message: { role: 'assistant', content: options.refusal ? null : text, refusal: options.refusal ?? null },
      },
    ],
    usage: {
      prompt_tokens: (usage.input ?? 1200) + cached,
      completion_tokens: usage.output ?? 800,
      total_tokens: (usage.input ?? 1200) + cached + (usage.output ?? 800),
      prompt_tokens_details: { cached_tokens: cached },
    },
  };
}

/** An OpenAI error body (e.g. code insufficient_quota for a spent budget). */
export function openAiError(message: string, type: string, code: string | null = null): unknown {
  return { error: { message, type, code, param: null } };
}

/** A property of an unknown JSON value (undefined when it is not an object). */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * Which structured output a request asks for: OpenAI names its schema
 * (trend_analysis / event_plans); Anthropic's has no name, so its top-level
 * properties tell. Read by walking the body, not by serialising it: the fakes
 * answer thousands of requests in the LLM benchmark.
 */
export function requestedOutput(request: FakeRequest): 'trends' | 'plans' | undefined {
  const body = request.body;
  const name = field(field(field(body, 'text'), 'format'), 'name') ?? field(field(field(body, 'response_format'), 'json_schema'), 'name');
  const properties = field(field(field(field(body, 'output_config'), 'format'), 'schema'), 'properties');
  if (name === 'event_plans' || field(properties, 'recommendations') !== undefined) return 'plans';
  if (name === 'trend_analysis' || field(properties, 'industryTrends') !== undefined) return 'trends';
  return undefined;
}

/** The user message the vendor received (Anthropic messages[0].content, Responses input, Chat messages[1].content). */
export function userMessageOf(request: FakeRequest): string {
  const body: Record<string, unknown> = typeof request.body === 'object' && request.body !== null ? { ...request.body } : {};
  if (typeof body['input'] === 'string') return body['input'];
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  const user: unknown = messages.find((m: unknown) => typeof m === 'object' && m !== null && 'role' in m && m.role === 'user');
  const content = typeof user === 'object' && user !== null && 'content' in user ? user.content : undefined;
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
}

/** The replies a test scripts, in one vendor wire's shapes. */
export interface VendorReplies {
  ok(text: string, usage?: FakeUsage): FakeReply;
  /** A max-token stop with a cut answer. */
  truncated(text: string): FakeReply;
  refusal(): FakeReply;
  /** 429 of a spent budget (never to be retried). */
  spendLimit(): FakeReply;
  /** 429 asking to wait `retryAfter` (the header's value, seconds). */
  rateLimited(retryAfter: string): FakeReply;
  /** Anthropic's 529 overloaded; OpenAI's 500. */
  serverError(): FakeReply;
}

export const anthropicReplies: VendorReplies = {
  ok: (text, usage) => ({ body: anthropicMessage(text, usage ? { usage } : {}) }),
  truncated: (text) => ({ body: anthropicMessage(text.slice(0, 50), { stopReason: 'max_tokens' }) }),
  refusal: () => ({ body: anthropicMessage('', { stopReason: 'refusal' }) }),
  spendLimit: () => ({ status: 429, body: anthropicError('rate_limit_error', 'spend limit reached', 'enforced_spend_limit_reached') }),
  rateLimited: (retryAfter) => ({ status: 429, headers: { 'retry-after': retryAfter }, body: anthropicError('rate_limit_error', 'slow down') }),
  serverError: () => ({ status: 529, body: anthropicError('overloaded_error', 'overloaded') }),
};

const openAiCommon = {
  spendLimit: (): FakeReply => ({ status: 429, body: openAiError('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota') }),
  rateLimited: (retryAfter: string): FakeReply => ({ status: 429, headers: { 'retry-after': retryAfter }, body: openAiError('slow down', 'rate_limit_error') }),
  serverError: (): FakeReply => ({ status: 500, body: openAiError('server error', 'server_error') }),
};

export const openAiResponsesReplies: VendorReplies = {
  ok: (text, usage) => ({ body: openAiResponse(text, usage ? { usage } : {}) }),
  truncated: (text) => ({ body: openAiResponse(text.slice(0, 50), { status: 'incomplete', incompleteReason: 'max_output_tokens' }) }),
  refusal: () => ({ body: openAiResponse('', { refusal: '도와드릴 수 없습니다' }) }),
  ...openAiCommon,
};

export const openAiChatReplies: VendorReplies = {
  ok: (text, usage) => ({ body: openAiChatCompletion(text, usage ? { usage } : {}) }),
  truncated: (text) => ({ body: openAiChatCompletion(text.slice(0, 50), { finishReason: 'length' }) }),
  refusal: () => ({ body: openAiChatCompletion('', { refusal: '도와드릴 수 없습니다' }) }),
  ...openAiCommon,
};
