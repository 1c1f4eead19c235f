import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport } from './http-transport.js';

let server: Server;
let origin: string;
const transport = createHttpTransport();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 5_000).unref();
        return;
      }
      if (req.url === '/empty') {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(429, [['content-type', 'application/json'], ['retry-after', '2'], ['x-echo-method', req.method ?? ''], ['x-echo-auth', String(req.headers['x-api-key'])], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
      res.end(JSON.stringify({ got: Buffer.concat(chunks).toString('utf8') }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await transport.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('http transport (the SDKs fetch)', () => {
  it('sends method, headers and body, and answers status, every header and the body as fetch does', async () => {
    const response = await transport.fetch(`${origin}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'application/json' }, body: '{"q":"안녕"}' });
    expect(response.status).toBe(429);
    expect(response.ok).toBe(false);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-echo-method')).toBe('POST');
    expect(response.headers.get('x-echo-auth')).toBe('k');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ got: '{"q":"안녕"}' });
  });

  it('answers a 204 without a body', async () => {
    const response = await transport.fetch(`${origin}/empty`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('rejects with an AbortError when the signal aborts, as the SDKs expect of fetch', async () => {
    const controller = new AbortController();
    const pending = transport.fetch(`${origin}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('hands a streamed body to the built-in fetch', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('streamed'));
        c.close();
      },
    });
    const response = await transport.fetch(`${origin}/upload`, { method: 'POST', body, duplex: 'half' });
    expect(await response.json()).toEqual({ got: 'streamed' });
  });
});
