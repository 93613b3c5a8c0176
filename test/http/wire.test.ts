// The SDK against the exact bytes soat-wire.md records from a real SOAT server, written by a
// plain node:http server on 127.0.0.1 (no mock of ours in between).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoatClient, SoatStreamError } from '../../src/index.js';

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
const routes = new Map<string, Route>();
let server: Server;
let soat: SoatClient;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const messages = [{ role: 'user' as const, content: 'Hello!' }];

function sse(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
}

/** Writes the bytes in pieces that cut through events and characters, pausing between them. */
async function writeInPieces(res: ServerResponse, text: string, size: number): Promise<void> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) {
    res.write(bytes.subarray(i, i + size));
    await wait(1);
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes.get(`${req.method} ${req.url}`);
    if (route) return void route(req, res);
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end('{"error":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  soat = new SoatClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'sk_live', maxRetries: 0 });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the SDK against the real server bytes', () => {
  it('streams the documented answer when events arrive cut into 7-byte pieces', async () => {
    routes.set('POST /api/v1/chats/completions', async (_req, res) => {
      sse(res);
      await writeInPieces(
        res,
        'data: {"choices":[{"delta":{"content":"Hello"}}]}\n\ndata: {"choices":[{"delta":{"content":" from"}}]}\n\ndata: [DONE]\n\n',
        7,
      );
      res.end();
    });
    const { data: stream, error } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_abc123', messages, stream: true },
    });
    if (error) throw new Error(JSON.stringify(error));
    await expect(stream.text()).resolves.toBe('Hello from');
  });

  it('copes with CRLF line endings and keep-alive comments added by a proxy', async () => {
    routes.set('POST /api/v1/chats/completions', (_req, res) => {
      sse(res);
      res.end(
        ': keep-alive\r\n\r\ndata: {"choices":[{"delta":{"content":"Hi"}}]}\r\n\r\n: keep-alive\r\n\r\ndata: [DONE]\r\n\r\n',
      );
    });
    const { data: stream } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_abc123', messages, stream: true },
    });
    await expect(stream?.text()).resolves.toBe('Hi');
  });

  it('turns the unknown-provider error sent as the only event into { error }', async () => {
    routes.set('POST /api/v1/chats/completions', (_req, res) => {
      sse(res);
      res.end('data: {"error":"AI provider not found"}\n\n');
    });
    const { data, error } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_nope', messages, stream: true },
    });
    expect(data).toBeUndefined();
    expect(error).toEqual({ error: 'AI provider not found' });
  });

  it('fails loudly when the provider fails mid-answer, keeping the text so far', async () => {
    routes.set('POST /api/v1/chats/cht_1/completions', async (_req, res) => {
      sse(res);
      await writeInPieces(res, 'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n', 1000);
      res.end('data: {"error":"terminated"}\n\n');
    });
    const { data: stream, error } = await soat.chats.createChatCompletionForChat({
      path: { chat_id: 'cht_1' },
      body: { messages, stream: true },
    });
    if (error) throw new Error(JSON.stringify(error));
    const failure = await stream.text().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect(failure).toMatchObject({ partialText: 'Hel', serverError: 'terminated' });
  });

  it('fails loudly when the connection closes before [DONE]', async () => {
    routes.set('POST /api/v1/chats/completions', (_req, res) => {
      sse(res);
      res.end('data: {"choices":[{"delta":{"content":"half"}}]}\n\n');
    });
    const { data: stream } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_abc123', messages, stream: true },
    });
    await expect(stream?.text()).rejects.toThrow(/ended before \[DONE\]/);
  });

  it('reads the JSON completion, which has no id, created or usage', async () => {
    routes.set('POST /api/v1/chats/completions', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(
        '{"object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"},"finish_reason":"stop"}]}',
      );
    });
    const { data } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_abc123', messages },
    });
    expect(data?.choices[0]?.message.content).toBe('Hi!');
  });

  it('resolves a 204 with no content-type to no data and no error', async () => {
    routes.set('DELETE /api/v1/chats/cht_1', (_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const result = await soat.chats.deleteChat({ path: { chat_id: 'cht_1' } });
    expect(result.data).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(204);
  });

  it('reads a bare JSON array from listChats', async () => {
    routes.set('GET /api/v1/chats?project_id=proj_ABC', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(
        '[{"id":"chat_1","project_id":"proj_ABC","ai_provider_id":"aip_abc123","created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}]',
      );
    });
    const { data } = await soat.chats.listChats({ query: { project_id: 'proj_ABC' } });
    expect(data?.[0]?.id).toBe('chat_1');
  });

  it('gives the text/plain 405 as a string error', async () => {
    routes.set('GET /api/v1/chats/cht_1', (_req, res) => {
      res.writeHead(405, { 'Content-Type': 'text/plain' });
      res.end('Method Not Allowed');
    });
    const { error } = await soat.chats.getChat({ path: { chat_id: 'cht_1' } });
    expect(error).toEqual({ error: '405 Method Not Allowed: Method Not Allowed' });
  });
});
