import { Agent, request } from 'undici';

/**
 * The vendor SDKs' `fetch`, on undici's `request` API instead of the WHATWG fetch
 * built into Node. Our calls are small JSON requests whose answers we read whole,
 * so fetch's web streams, body cloning and per-request Request/Response machinery
 * are pure cost: at a few hundred calls in flight they were about a third of the
 * worker's CPU (profile), and every millisecond of it delays other jobs' answers.
 * The SDKs keep everything else (headers, retries off, timeouts, error classes);
 * an abort rejects with an `AbortError`, as fetch does. Bodies that are streams
 * (file uploads, which we never send) go to the built-in fetch.
 */
export function createHttpTransport(options: { keepAliveTimeoutMs?: number } = {}): { fetch: typeof fetch; close: () => Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000 });
  const transport: typeof fetch = async (input, init) => {
    const body = init?.body;
    if (input instanceof Request || (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array))) {
      return fetch(input, init);
    }
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const answer = await request(input, {
      method: init?.method ?? 'GET',
      headers,
      body: body ?? null,
      signal: init?.signal ?? null,
      dispatcher: agent,
    });
    const bytes = await answer.body.bytes();
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    const empty = answer.statusCode === 204 || answer.statusCode === 304 || init?.method === 'HEAD';
    return new Response(empty ? null : bytes, { status: answer.statusCode, headers: responseHeaders });
  };
  return { fetch: transport, close: () => agent.close() };
}
