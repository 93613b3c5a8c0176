import { describe, expect, it, vi } from 'vitest';
import {
  type ChatCompletionChunk,
  parseChatCompletionStream,
  SoatError,
  SoatStreamError,
  SoatTimeoutError,
} from '../../src/index.js';
import {
  delta,
  encodeEventStream,
  eventStreamResponse,
  piecewiseBody,
  WIRE_EXAMPLE,
} from '../fixtures/sse.js';

const encoder = new TextEncoder();

async function collect(
  iterable: AsyncIterable<ChatCompletionChunk>,
): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** A body that sends `first`, then waits until `release()` before sending `rest` and closing. */
function pausingBody(first: string, rest: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(first));
      await released;
      controller.enqueue(encoder.encode(rest));
      controller.close();
    },
  });
  return { body, release };
}

describe('ChatCompletionStream', () => {
  it('yields every chunk of the wire example in order', async () => {
    const chunks = await collect(parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE)));
    expect(chunks).toEqual([delta('Hello'), delta(' from')]);
  });

  it('resolves text() to the whole answer', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    await expect(stream.text()).resolves.toBe('Hello from');
  });

  it('gives only the non-empty deltas through textStream', async () => {
    const body = encodeEventStream([
      delta('a'),
      { choices: [{ delta: {} }] },
      delta(''),
      delta('b'),
    ]);
    const texts: string[] = [];
    for await (const text of parseChatCompletionStream(eventStreamResponse(body)).textStream) {
      texts.push(text);
    }
    expect(texts).toEqual(['a', 'b']);
  });

  it('parses a bare ReadableStream body', async () => {
    const { body } = piecewiseBody([encoder.encode(WIRE_EXAMPLE)]);
    await expect(parseChatCompletionStream(body).text()).resolves.toBe('Hello from');
  });

  it('exposes the response it reads from', () => {
    const response = eventStreamResponse(WIRE_EXAMPLE);
    expect(parseChatCompletionStream(response).response).toBe(response);
  });

  it('keeps a multi-byte character whole when a read splits it', async () => {
    const bytes = encoder.encode(encodeEventStream([delta('héllo 👋')]));
    const split = bytes.indexOf(0xf0) + 2;
    const { body } = piecewiseBody([bytes.subarray(0, split), bytes.subarray(split)]);
    await expect(parseChatCompletionStream(body).text()).resolves.toBe('héllo 👋');
  });

  it('accepts a final [DONE] that lacks its blank line', async () => {
    const body = `data: ${JSON.stringify(delta('hi'))}\n\ndata: [DONE]`;
    await expect(parseChatCompletionStream(eventStreamResponse(body)).text()).resolves.toBe('hi');
  });

  it('reports a JSON body as not an event stream instead of yielding nothing', async () => {
    const stream = parseChatCompletionStream(Response.json({ choices: [] }));
    const error = await failureOf(stream.text());
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toContain('is not an event stream');
  });

  it('refuses a response without a body with a SoatError that says why', () => {
    const response = new Response(null, { headers: { 'content-type': 'text/event-stream' } });
    expect(() => parseChatCompletionStream(response)).toThrow(/no readable body/);
  });
});

describe('ChatCompletionStream failures', () => {
  it("throws the server's message from an error event, keeping the text received before it", async () => {
    const body = encodeEventStream([delta('Hel'), delta('lo')], {
      trailer: { error: 'terminated' },
    });
    const error = await failureOf(collect(parseChatCompletionStream(eventStreamResponse(body))));
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as SoatStreamError).message).toContain('terminated');
    expect((error as SoatStreamError).partialText).toBe('Hello');
    expect((error as SoatStreamError).serverError).toBe('terminated');
  });

  it('renders an object error event as CODE: message', async () => {
    const trailer = { error: { code: 'PROVIDER_FAILED', message: 'upstream timed out' } };
    const body = encodeEventStream([], { trailer });
    const error = await failureOf(parseChatCompletionStream(eventStreamResponse(body)).text());
    expect((error as Error).message).toContain('PROVIDER_FAILED: upstream timed out');
  });

  it('yields the chunks before an error event, then throws', async () => {
    const body = encodeEventStream([delta('a')], { trailer: { error: 'boom' } });
    const iterator = parseChatCompletionStream(eventStreamResponse(body))[Symbol.asyncIterator]();
    await expect(iterator.next()).resolves.toEqual({ done: false, value: delta('a') });
    await expect(iterator.next()).rejects.toBeInstanceOf(SoatStreamError);
  });

  it('throws when the body ends before [DONE], with the partial text', async () => {
    const body = encodeEventStream([delta('half an')], { done: false });
    const error = await failureOf(parseChatCompletionStream(eventStreamResponse(body)).text());
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toMatch(/ended before \[DONE\]/);
    expect((error as SoatStreamError).partialText).toBe('half an');
  });

  it('reports a body cut in the middle of an event as ended before [DONE]', async () => {
    const body = `data: ${JSON.stringify(delta('a'))}\n\ndata: {"choices":[{"del`;
    const error = await failureOf(parseChatCompletionStream(eventStreamResponse(body)).text());
    expect((error as Error).message).toMatch(/ended before \[DONE\]/);
    expect((error as SoatStreamError).partialText).toBe('a');
  });

  it('throws on an event that is not JSON, quoting the payload cut to 200 characters', async () => {
    const payload = `<html>${'x'.repeat(300)}`;
    const body = `data: ${payload}\n\n`;
    const error = await failureOf(parseChatCompletionStream(eventStreamResponse(body)).text());
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toContain('not JSON');
    expect((error as Error).message).toContain(
      JSON.stringify(`${payload.slice(0, 200)}… (306 characters)`),
    );
    expect((error as Error).message).not.toContain(payload.slice(0, 201));
  });

  it('throws on an event whose JSON is not a completion chunk', async () => {
    const error = await failureOf(
      parseChatCompletionStream(eventStreamResponse('data: 42\n\n')).text(),
    );
    expect((error as Error).message).toContain('not a completion chunk');
  });

  it('throws on a line that is not an event-stream field, since it could hold answer text', async () => {
    const body = `${encodeEventStream([delta('a')], { done: false })}{"choices":[]}\n\ndata: [DONE]\n\n`;
    const error = await failureOf(parseChatCompletionStream(eventStreamResponse(body)).text());
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toContain('not a valid event stream');
  });

  it('keeps the network error as cause when the body fails mid-stream', async () => {
    const network = new TypeError('terminated');
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulls++ === 0) {
            controller.enqueue(
              encoder.encode(encodeEventStream([delta('so far')], { done: false })),
            );
          } else controller.error(network);
        },
      },
      { highWaterMark: 0 },
    );
    const error = await failureOf(parseChatCompletionStream(body).text());
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as SoatStreamError).cause).toBe(network);
    expect((error as SoatStreamError).partialText).toBe('so far');
  });

  it('fails with SoatTimeoutError and the partial text when no bytes arrive for idleTimeout', async () => {
    const { body } = pausingBody(encodeEventStream([delta('wait')], { done: false }), '');
    const stream = parseChatCompletionStream(body, { idleTimeout: 50 });
    const error = await failureOf(stream.text());
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect((error as SoatTimeoutError).partialText).toBe('wait');
  });

  it('counts a keep-alive comment as activity for idleTimeout', async () => {
    // On a clock the test moves: four 40 ms gaps, 160 ms in all, against a 100 ms limit.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (let i = 0; i < 4; i++) {
          controller.enqueue(encoder.encode(': keep-alive\n\n'));
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
        controller.enqueue(encoder.encode(WIRE_EXAMPLE));
        controller.close();
      },
    });
    try {
      const text = parseChatCompletionStream(body, { idleTimeout: 100 }).text();
      await vi.advanceTimersByTimeAsync(160);
      await expect(text).resolves.toBe('Hello from');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ChatCompletionStream timing', () => {
  it('yields a chunk as soon as its event is complete, before the body pauses ends', async () => {
    const { body, release } = pausingBody(
      encodeEventStream([delta('first')], { done: false }),
      WIRE_EXAMPLE,
    );
    const iterator = parseChatCompletionStream(body)[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first).toEqual({ done: false, value: delta('first') });
    release();
    await expect(iterator.next()).resolves.toEqual({ done: false, value: delta('Hello') });
  });

  it('reads nothing ahead: pulls never run more than one piece ahead of the consumer', async () => {
    const pieces = Array.from({ length: 20 }, (_, i) =>
      encoder.encode(encodeEventStream([delta(`${i}`)], { done: false })),
    );
    pieces.push(encoder.encode('data: [DONE]\n\n'));
    const { body, stats } = piecewiseBody(pieces);
    let consumed = 0;
    for await (const _ of parseChatCompletionStream(body)) {
      consumed++;
      expect(stats.pulls - consumed).toBeLessThanOrEqual(1);
      expect(stats.pulls - consumed).toBeGreaterThanOrEqual(0);
    }
    expect(consumed).toBe(20);
  });
});

describe('ChatCompletionStream consumption and abort', () => {
  it('cancels the body when a for await loop breaks early', async () => {
    const pieces = [
      encoder.encode(encodeEventStream([delta('a')], { done: false })),
      encoder.encode(WIRE_EXAMPLE),
    ];
    const { body, stats } = piecewiseBody(pieces);
    for await (const _ of parseChatCompletionStream(body)) break;
    expect(stats.cancelled).toBe(true);
  });

  it('cancels the body when the loop body throws', async () => {
    const pieces = [
      encoder.encode(encodeEventStream([delta('a')], { done: false })),
      encoder.encode(WIRE_EXAMPLE),
    ];
    const { body, stats } = piecewiseBody(pieces);
    const loop = async () => {
      for await (const _ of parseChatCompletionStream(body)) throw new Error('consumer failed');
    };
    await expect(loop()).rejects.toThrow('consumer failed');
    expect(stats.cancelled).toBe(true);
  });

  it('ends iteration quietly after abort()', async () => {
    const { body, release } = pausingBody(
      encodeEventStream([delta('a')], { done: false }),
      WIRE_EXAMPLE,
    );
    const stream = parseChatCompletionStream(body);
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.choices[0]?.delta?.content ?? '');
      stream.abort();
    }
    release();
    expect(seen).toEqual(['a']);
  });

  it('ends iteration at abort() even when the whole body was already read', async () => {
    const body = encodeEventStream([delta('a'), delta('b'), delta('c')]);
    const stream = parseChatCompletionStream(eventStreamResponse(body));
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.choices[0]?.delta?.content ?? '');
      stream.abort();
    }
    expect(seen).toEqual(['a']);
  });

  it("throws the signal's reason mid-iteration even when the whole body was already read", async () => {
    const controller = new AbortController();
    const body = encodeEventStream([delta('a'), delta('b'), delta('c')]);
    const stream = parseChatCompletionStream(eventStreamResponse(body), {
      signal: controller.signal,
    });
    const seen: string[] = [];
    const loop = async () => {
      for await (const chunk of stream) {
        seen.push(chunk.choices[0]?.delta?.content ?? '');
        controller.abort(new Error('stop'));
      }
    };
    await expect(loop()).rejects.toThrow('stop');
    expect(seen).toEqual(['a']);
  });

  it('ignores the signal once the consumer has seen the end', async () => {
    const controller = new AbortController();
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE), {
      signal: controller.signal,
    });
    await expect(stream.text()).resolves.toBe('Hello from');
    controller.abort();
    stream.abort();
  });

  it('rejects a pending text() with an AbortError DOMException on abort()', async () => {
    const { body, release } = pausingBody(
      encodeEventStream([delta('a')], { done: false }),
      WIRE_EXAMPLE,
    );
    const stream = parseChatCompletionStream(body);
    const text = stream.text();
    setTimeout(() => stream.abort(), 10);
    const error = await failureOf(text);
    release();
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('rejects a text() called after abort() with an AbortError', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    stream.abort();
    const error = await failureOf(stream.text());
    expect((error as DOMException).name).toBe('AbortError');
  });

  it("rejects iteration with the signal's reason when the signal aborts", async () => {
    const { body, release } = pausingBody(
      encodeEventStream([delta('a')], { done: false }),
      WIRE_EXAMPLE,
    );
    const controller = new AbortController();
    const reason = new Error('user left');
    const stream = parseChatCompletionStream(body, { signal: controller.signal });
    const loop = collect(stream);
    setTimeout(() => controller.abort(reason), 10);
    await expect(loop).rejects.toBe(reason);
    release();
  });

  it('rejects text() with an AbortError by default when the signal aborts', async () => {
    const { body, release } = pausingBody(
      encodeEventStream([delta('a')], { done: false }),
      WIRE_EXAMPLE,
    );
    const controller = new AbortController();
    const stream = parseChatCompletionStream(body, { signal: controller.signal });
    const text = stream.text();
    setTimeout(() => controller.abort(), 10);
    const error = await failureOf(text);
    release();
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('refuses a second reader with a SoatError naming the first', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    stream[Symbol.asyncIterator]();
    expect(() => stream.toEventStream()).toThrow(/already being read by for await/);
    expect(() => stream.toReadableStream()).toThrow(SoatError);
    expect(() => stream.textStream[Symbol.asyncIterator]()).toThrow(SoatError);
  });

  it('gives the text deltas as UTF-8 bytes through toReadableStream()', async () => {
    const stream = parseChatCompletionStream(
      eventStreamResponse(encodeEventStream([delta('héllo'), delta(' 👋')])),
    );
    await expect(new Response(stream.toReadableStream()).text()).resolves.toBe('héllo 👋');
  });

  it('errors the readable stream when the completion stream fails', async () => {
    const body = encodeEventStream([delta('a')], { trailer: { error: 'boom' } });
    const readable = parseChatCompletionStream(eventStreamResponse(body)).toReadableStream();
    await expect(new Response(readable).text()).rejects.toBeInstanceOf(SoatStreamError);
  });
});
