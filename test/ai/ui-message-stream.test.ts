import { parseChatCompletionStream, SoatError } from '@soat/sdk';
import {
  type SoatUIMessageChunk,
  toUIMessageStream,
  toUIMessageStreamResponse,
} from '@soat/sdk/ai';
import { afterEach, describe, expect, it, vi } from 'vitest';

const encoder = new TextEncoder();
const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const delta = (content: string, finish_reason?: string) =>
  event({ choices: [{ index: 0, delta: { content }, finish_reason: finish_reason ?? null }] });

/** A completion stream over `events`; `open` leaves the body open after them. */
function completion(events: string[], options: { open?: boolean; signal?: AbortSignal } = {}) {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const text of events) controller.enqueue(encoder.encode(text));
      if (!options.open) controller.close();
    },
  });
  return parseChatCompletionStream(body, {
    idleTimeout: options.open ? 1000 : undefined,
    signal: options.signal,
  });
}

async function chunksOf(stream: ReadableStream<SoatUIMessageChunk>) {
  const chunks: SoatUIMessageChunk[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<SoatUIMessageChunk>) {
    chunks.push(chunk);
  }
  return chunks;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('toUIMessageStream', () => {
  it('gives start and finish only, no text part, for an answer without text', async () => {
    const chunks = await chunksOf(toUIMessageStream(completion(['data: [DONE]\n\n'])));
    expect(chunks).toEqual([{ type: 'start' }, { type: 'finish', finishReason: 'stop' }]);
  });

  it("puts the server's finish_reason in the AI SDK's words", async () => {
    const stream = completion([delta('Cut', 'length'), 'data: [DONE]\n\n']);
    const chunks = await chunksOf(toUIMessageStream(stream));
    expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
  });

  it('leaves out start and finish when told to, for merging', async () => {
    const stream = completion([delta('Hi'), 'data: [DONE]\n\n']);
    const chunks = await chunksOf(
      toUIMessageStream(stream, { sendStart: false, sendFinish: false }),
    );
    expect(chunks.map((chunk) => chunk.type)).toEqual(['text-start', 'text-delta', 'text-end']);
  });

  it('ends a stall with an error chunk and no text-end', async () => {
    vi.useFakeTimers();
    const chunks = chunksOf(toUIMessageStream(completion([delta('Slow')], { open: true })));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await chunks).map((chunk) => chunk.type)).toEqual([
      'start',
      'text-start',
      'text-delta',
      'error',
    ]);
    expect((await chunks).at(-1)).toEqual({
      type: 'error',
      errorText: 'The answer failed: no data for 1000 ms (streamIdleTimeout)',
    });
  });

  it("ends with an error chunk saying the answer stopped when the call's signal aborts", async () => {
    const abort = new AbortController();
    const reader = toUIMessageStream(
      completion([delta('Some')], { open: true, signal: abort.signal }),
    ).getReader();
    for (let seen = 0; seen < 3; seen++) await reader.read();
    abort.abort();
    expect((await reader.read()).value).toEqual({
      type: 'error',
      errorText: 'The answer was stopped before it was complete.',
    });
    expect((await reader.read()).done).toBe(true);
  });

  it('claims the stream at once: a second reader gets a SoatError', () => {
    const stream = completion(['data: [DONE]\n\n']);
    toUIMessageStream(stream);
    expect(() => toUIMessageStreamResponse(stream)).toThrow(SoatError);
    expect(() => toUIMessageStreamResponse(stream)).toThrow(/already being read/);
  });
});

describe('toUIMessageStreamResponse', () => {
  it('takes the status and adds or overrides headers from init', async () => {
    const response = toUIMessageStreamResponse(completion(['data: [DONE]\n\n']), {
      status: 201,
      headers: { 'x-app': 'yes', 'cache-control': 'no-store' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-app')).toBe('yes');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(await response.text()).toBe(
      'data: {"type":"start"}\n\ndata: {"type":"finish","finishReason":"stop"}\n\ndata: [DONE]\n\n',
    );
  });
});

describe('chunks without text', () => {
  it('are skipped: a role-only first chunk and a last one with only finish_reason', async () => {
    const stream = completion([
      event({ choices: [{ delta: { role: 'assistant' } }] }),
      event({ choices: [{ delta: {} }] }),
      delta('x'),
      event({ choices: [{ delta: {}, finish_reason: 'stop' }] }),
      event({ choices: [] }),
      'data: [DONE]\n\n',
    ]);
    const chunks = await chunksOf(toUIMessageStream(stream));
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      'start',
      'text-start',
      'text-delta',
      'text-end',
      'finish',
    ]);
  });
});
