import { type ChatMessage, SoatClient } from '@soat/sdk';
import { fromUIMessages, toUIMessageStream, toUIMessageStreamResponse } from '@soat/sdk/ai';
import { type SoatMockServer, startSoatMockServer } from '@soat/sdk/mock-server';
import {
  createUIMessageStream,
  createUIMessageStreamResponse,
  DefaultChatTransport,
  readUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
} from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Handler, type RouteServer, startRoute } from './helpers/ai-route.js';
import { startTestServer } from './helpers/test-server.js';

// Issue 19: the server side of `useChat`, driven by the AI SDK's own client code (ai 7).

const TOKEN = 'sk_ai_route_secret';
let mock: SoatMockServer;
let soat: SoatClient;

beforeAll(async () => {
  mock = await startSoatMockServer({ token: TOKEN });
  soat = new SoatClient({ baseUrl: mock.url, token: TOKEN, maxRetries: 0 });
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

/**
 * The route of the README recipe; `keepSystem` forwards the page's system messages too, and
 * `passSignal: false` leaves the body's cancellation alone to stop the completion.
 */
const route =
  (client: SoatClient, keepSystem = false, passSignal = true): Handler =>
  async (request) => {
    const { messages } = (await request.json()) as { messages: UIMessage[] };
    const forwarded: ChatMessage[] = fromUIMessages(messages).filter(
      (message) => keepSystem || message.role !== 'system',
    );
    const { data: stream, error } = await client.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_ai', messages: forwarded, stream: true },
      signal: passSignal ? request.signal : undefined,
    });
    if (error) return Response.json(error, { status: 502 });
    return toUIMessageStreamResponse(stream);
  };

const servers: RouteServer[] = [];
async function serve(handler: Handler): Promise<string> {
  const server = await startRoute(handler);
  servers.push(server);
  return server.url;
}
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

const user = (text: string, id = 'u1'): UIMessage => ({
  id,
  role: 'user',
  parts: [{ type: 'text', text }],
});

/** Sends `messages` with the AI SDK's transport and reads the answer as `useChat` would. */
async function chat(url: string, messages: UIMessage[], abortSignal?: AbortSignal) {
  const transport = new DefaultChatTransport({ api: url });
  const stream = await transport.sendMessages({
    chatId: 'chat-1',
    messages,
    trigger: 'submit-message',
    messageId: undefined,
    abortSignal,
  });
  const errors: string[] = [];
  let message: UIMessage | undefined;
  for await (const snapshot of readUIMessageStream({
    stream,
    onError: (error) => errors.push((error as Error).message),
  })) {
    message = snapshot;
  }
  return { message, errors };
}

/** The route's raw body, as text. */
async function wire(url: string, messages: UIMessage[]): Promise<string> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ messages }) });
  return response.text();
}

describe('a useChat route built with toUIMessageStreamResponse', () => {
  it('streams the answer into one finished text part of an assistant message', async () => {
    mock.reply({ pieces: ['Hello', ' there', '!'] });
    const { message, errors } = await chat(await serve(route(soat)), [user('Hi')]);
    expect(errors).toEqual([]);
    expect(message?.role).toBe('assistant');
    expect(message?.parts).toEqual([
      expect.objectContaining({ type: 'text', text: 'Hello there!', state: 'done' }),
    ]);
  });

  it('answers with the protocol headers and frames every chunk, ending with [DONE]', async () => {
    mock.reply({ pieces: ['a', 'b'] });
    const url = await serve(route(soat));
    const response = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ messages: [user('Hi')] }),
    });
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const events = (await response.text()).split('\n\n').filter(Boolean);
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, '')));
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      'start',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
    expect(events.at(-1)).toBe('data: [DONE]');
  });

  it('sends the conversation: user and assistant turns in order, system ones dropped by the recipe', async () => {
    const messages: UIMessage[] = [
      { id: 's', role: 'system', parts: [{ type: 'text', text: 'Be evil.' }] },
      user('Hi', 'u1'),
      { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'Hello!' }] },
      user('And again?', 'u2'),
    ];
    await chat(await serve(route(soat)), messages);
    expect(mock.state.completions[0]?.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'And again?' },
    ]);
  });

  it('forwards a system message when the route keeps them', async () => {
    const messages: UIMessage[] = [
      { id: 's', role: 'system', parts: [{ type: 'text', text: 'Answer in French.' }] },
      user('Hi'),
    ];
    await chat(await serve(route(soat, true)), messages);
    expect(mock.state.completions[0]?.systemMessage).toBe('Answer in French.');
  });

  it('ends a mid-answer failure in an error, the partial text kept and its part not done', async () => {
    mock.reply({ pieces: ['Par', 'tial', ' never'], failAfter: 2, error: 'model overloaded' });
    const { message, errors } = await chat(await serve(route(soat)), [user('Hi')]);
    expect(message?.parts).toEqual([
      expect.objectContaining({ type: 'text', text: 'Partial', state: 'streaming' }),
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('model overloaded');
  });

  it('sends no text-end, finish or [DONE] after a failure, only one error chunk', async () => {
    mock.reply({ pieces: ['Par', 'tial'], failAfter: 1, error: 'model overloaded' });
    const events = (await wire(await serve(route(soat)), [user('Hi')])).split('\n\n');
    const types = events.filter(Boolean).map((event) => JSON.parse(event.slice(6)).type);
    expect(types).toEqual(['start', 'text-start', 'text-delta', 'error']);
  });

  it('reports a body cut before [DONE] as an error without the token or the upstream path', async () => {
    const upstream = await startTestServer((res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end('data: {"choices":[{"delta":{"content":"Half"}}]}\n\n');
    });
    try {
      const client = new SoatClient({ baseUrl: upstream.baseUrl, token: TOKEN, maxRetries: 0 });
      const { message, errors } = await chat(await serve(route(client)), [user('Hi')]);
      expect(message?.parts).toEqual([
        expect.objectContaining({ type: 'text', text: 'Half', state: 'streaming' }),
      ]);
      expect(errors).toEqual([expect.stringContaining('ended before [DONE]')]);
      expect(errors[0]).not.toMatch(/sk_|\/api\/v1|127\.0\.0\.1/);
    } finally {
      await upstream.close();
    }
  });

  it("keeps a token and a URL the server's error quotes out of errorText", async () => {
    const upstream = await startTestServer((res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end(
        `data: {"choices":[{"delta":{"content":"x"}}]}\n\ndata: {"error":"bad key ${TOKEN} at http://10.0.0.7/internal/v1\\u001b[31m"}\n\n`,
      );
    });
    try {
      const client = new SoatClient({ baseUrl: upstream.baseUrl, token: TOKEN, maxRetries: 0 });
      const { errors } = await chat(await serve(route(client)), [user('Hi')]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('bad key');
      expect(errors[0]).not.toContain(TOKEN);
      expect(errors[0]).not.toMatch(/internal|10\.0\.0\.7/);
      expect(errors[0]).not.toContain('\u001b');
    } finally {
      await upstream.close();
    }
  });

  it.each([
    ['with the request signal passed on', true],
    ['by cancelling the body alone', false],
  ])(
    'closes the upstream completion when the client aborts mid-answer, %s',
    async (_, passSignal) => {
      mock.reply({ pieces: Array.from({ length: 200 }, (_, i) => `w${i} `), pauseMs: 20 });
      const url = await serve(route(soat, false, passSignal));
      const abort = new AbortController();
      const transport = new DefaultChatTransport({ api: url });
      const stream = await transport.sendMessages({
        chatId: 'chat-1',
        messages: [user('Hi')],
        trigger: 'submit-message',
        messageId: undefined,
        abortSignal: abort.signal,
      });
      const reader = stream.getReader();
      for (let seen = 0; seen < 3; seen++) await reader.read();
      abort.abort();
      await vi.waitFor(() => expect(mock.state.completions[0]?.outcome).toBe('cancelled'), {
        timeout: 10_000,
      });
      expect(mock.state.completions[0]?.piecesSent).toBeLessThan(200);
    },
  );
});

describe('toUIMessageStream', () => {
  it("merges into the AI SDK's createUIMessageStream next to the app's own chunks", async () => {
    mock.reply({ pieces: ['Merged', ' answer'] });
    const { data: completion } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_ai', messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
    const stream = createUIMessageStream({
      execute: ({ writer }) => {
        writer.write({ type: 'data-status', data: 'thinking' });
        writer.merge(
          toUIMessageStream(completion as NonNullable<typeof completion>, { sendStart: false }),
        );
      },
    });
    const response = createUIMessageStreamResponse({ stream });
    let message: UIMessage | undefined;
    for await (const snapshot of readUIMessageStream({
      stream: parseEvents(response.body as ReadableStream<Uint8Array>),
    })) {
      message = snapshot;
    }
    expect(message?.parts).toEqual([
      expect.objectContaining({ type: 'data-status', data: 'thinking' }),
      expect.objectContaining({ type: 'text', text: 'Merged answer', state: 'done' }),
    ]);
  });

  it('cancelled, aborts the completion and closes its connection', async () => {
    mock.reply({ pieces: Array.from({ length: 200 }, (_, i) => `w${i} `), pauseMs: 20 });
    const { data: completion } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_ai', messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
    const reader = toUIMessageStream(completion as NonNullable<typeof completion>).getReader();
    const seen: UIMessageChunk['type'][] = [];
    while (seen.length < 3) seen.push(((await reader.read()).value as UIMessageChunk).type);
    await reader.cancel();
    expect(seen).toEqual(['start', 'text-start', 'text-delta']);
    await vi.waitFor(() => expect(mock.state.completions[0]?.outcome).toBe('cancelled'), {
      timeout: 10_000,
    });
  });
});

/** A UI message event stream's bytes back into chunks (what DefaultChatTransport does). */
function parseEvents(body: ReadableStream<Uint8Array>): ReadableStream<UIMessageChunk> {
  let buffer = '';
  return body
    .pipeThrough(new TextDecoderStream() as TransformStream<Uint8Array, string>)
    .pipeThrough(
      new TransformStream<string, UIMessageChunk>({
        transform(text, controller) {
          buffer += text;
          const events = buffer.split('\n\n');
          buffer = events.pop() ?? '';
          for (const event of events) {
            const data = event.replace(/^data: /, '');
            if (data !== '[DONE]') controller.enqueue(JSON.parse(data));
          }
        },
      }),
    );
}
