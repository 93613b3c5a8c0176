import { describe, expect, it } from 'vitest';
import {
  type ChatCompletionChunk,
  parseChatCompletionStream,
  SoatError,
  SoatStreamError,
} from '../../src/index.js';
import { firstChunk } from '../../src/streaming/chat-completion-stream.js';
import {
  delta,
  encodeEventStream,
  eventStreamResponse,
  piecewiseBody,
  WIRE_EXAMPLE,
} from '../fixtures/sse.js';

const encoder = new TextEncoder();

/** What a page reading the forwarded event stream gets: its chunks, and how it ended. */
async function readForwarded(forwarded: ReadableStream<Uint8Array> | Response) {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of parseChatCompletionStream(forwarded)) chunks.push(chunk);
    return { chunks, failure: undefined };
  } catch (failure) {
    return { chunks, failure: failure as SoatStreamError };
  }
}

/** A body that sends `text`, then fails with `error` on the next read. */
function failingBody(text: string, error: unknown): ReadableStream<Uint8Array> {
  let pulls = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(encoder.encode(text));
        else controller.error(error);
      },
    },
    { highWaterMark: 0 },
  );
}

const forward = (body: string) =>
  parseChatCompletionStream(eventStreamResponse(body)).toEventStream();

describe('toEventStream()', () => {
  it('re-encodes a complete answer as one data event per chunk, then [DONE]', async () => {
    const text = await new Response(forward(WIRE_EXAMPLE)).text();
    expect(text).toBe(WIRE_EXAMPLE);
  });

  it('hands a page that parses it the same chunks as the upstream', async () => {
    const chunks = [delta('héllo'), { choices: [{ delta: {} }] }, delta(' 👋')];
    const { chunks: received, failure } = await readForwarded(forward(encodeEventStream(chunks)));
    expect(failure).toBeUndefined();
    expect(received).toEqual(chunks);
  });

  it('forwards an event whose JSON spans several data: lines as one valid event', async () => {
    const body = 'data: {"choices":\ndata: [{"delta":{"content":"a"}}]}\n\ndata: [DONE]\n\n';
    const { chunks, failure } = await readForwarded(forward(body));
    expect(failure).toBeUndefined();
    expect(chunks).toEqual([delta('a')]);
  });

  it('forwards the chunks parsed before toEventStream() was called', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    await stream[firstChunk]();
    await expect(new Response(stream.toEventStream()).text()).resolves.toBe(WIRE_EXAMPLE);
  });

  it("ends with the server's own error value after an error event, and no [DONE]", async () => {
    const body = encodeEventStream([delta('Hel')], { trailer: { error: 'terminated' } });
    const text = await new Response(forward(body)).text();
    expect(text).toBe(
      `${encodeEventStream([delta('Hel')], { done: false })}data: {"error":"terminated"}\n\n`,
    );
  });

  it('keeps an object error value as the server sent it', async () => {
    const error = { code: 'PROVIDER_FAILED', message: 'upstream said no' };
    const { failure } = await readForwarded(forward(encodeEventStream([], { trailer: { error } })));
    expect(failure?.serverError).toEqual(error);
  });

  it('gives the page a SoatStreamError with the partial text and the upstream message', async () => {
    const body = encodeEventStream([delta('Hel'), delta('lo')], {
      trailer: { error: 'terminated' },
    });
    const { failure } = await readForwarded(forward(body));
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect(failure?.partialText).toBe('Hello');
    expect(failure?.message).toContain('terminated');
  });

  it('reports a body cut before [DONE] as an error event saying so', async () => {
    const { chunks, failure } = await readForwarded(
      forward(encodeEventStream([delta('Hel')], { done: false })),
    );
    expect(chunks).toEqual([delta('Hel')]);
    expect(failure?.message).toMatch(/ended before \[DONE\]/);
    expect(failure?.partialText).toBe('Hel');
  });

  it('reports an event that is not JSON as an error event quoting it', async () => {
    const { failure } = await readForwarded(forward('data: {nope\n\n'));
    expect(failure?.message).toMatch(/event is not JSON: "\{nope"/);
  });

  it('reports a network failure as an error event', async () => {
    const body = failingBody(
      encodeEventStream([delta('so far')], { done: false }),
      new TypeError('terminated'),
    );
    const { failure } = await readForwarded(parseChatCompletionStream(body).toEventStream());
    expect(failure?.message).toMatch(/connection failed mid-stream/);
    expect(failure?.partialText).toBe('so far');
  });

  it('reports a stall as an error event naming streamIdleTimeout', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(encodeEventStream([delta('wait')], { done: false })));
      },
    });
    const stream = parseChatCompletionStream(body, { idleTimeout: 30 });
    const { failure } = await readForwarded(stream.toEventStream());
    expect(failure?.message).toMatch(/streamIdleTimeout/);
    expect(failure?.partialText).toBe('wait');
  });

  it('ends with an error event, not [DONE], when the stream is aborted mid-answer', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(encodeEventStream([delta('a')], { done: false })));
      },
    });
    const stream = parseChatCompletionStream(body);
    const forwarded = stream.toEventStream().getReader();
    await forwarded.read();
    stream.abort();
    const { value } = await forwarded.read();
    expect(new TextDecoder().decode(value)).toBe(
      'data: {"error":{"code":"STREAM_ABORTED","message":"The stream was aborted."}}\n\n',
    );
    expect((await forwarded.read()).done).toBe(true);
  });

  it('cancels the upstream body when the event stream is cancelled', async () => {
    const { body, stats } = piecewiseBody([
      encoder.encode(encodeEventStream([delta('a')], { done: false })),
    ]);
    const forwarded = parseChatCompletionStream(body).toEventStream();
    await forwarded.getReader().cancel();
    expect(stats.cancelled).toBe(true);
  });

  it('is a reader: a stream already read by for await refuses it', () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    stream[Symbol.asyncIterator]();
    expect(() => stream.toEventStream()).toThrow(SoatError);
  });
});

describe('toResponse()', () => {
  it('answers 200 text/event-stream; charset=utf-8, no-cache, with the event stream', async () => {
    const response = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE)).toResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    await expect(response.text()).resolves.toBe(WIRE_EXAMPLE);
  });

  it('takes a status and extra headers from init', () => {
    const response = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE)).toResponse({
      status: 201,
      headers: [['x-request-id', 'r1']],
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  });
});
