// Behaviours of the stream modules that mutation testing found unpinned (issue 15).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseChatCompletionStream } from '../../src/index.js';
import { describeServerError } from '../../src/streaming/describe.js';
import { drainInBackground } from '../../src/streaming/drain.js';
import { completionAsEventStream } from '../../src/streaming/from-completion.js';
import { idleWatchdog } from '../../src/streaming/idle-watchdog.js';
import { whenComplete } from '../../src/streaming/stream-internals.js';
import { delta, eventStreamResponse, WIRE_EXAMPLE } from '../fixtures/sse.js';

afterEach(() => {
  vi.useRealTimers();
});

const stream = (body: string) => parseChatCompletionStream(eventStreamResponse(body));

describe('the reader named when a second one is refused', () => {
  it('is textStream after textStream took the stream', () => {
    const s = stream(WIRE_EXAMPLE);
    s.textStream[Symbol.asyncIterator]();
    expect(() => s.toEventStream()).toThrow(/already being read by textStream;/);
  });

  it('is toReadableStream() after toReadableStream() took the stream', () => {
    const s = stream(WIRE_EXAMPLE);
    s.toReadableStream();
    expect(() => s.toEventStream()).toThrow(/already being read by toReadableStream\(\);/);
  });

  it('is toEventStream() after toEventStream() took the stream', () => {
    const s = stream(WIRE_EXAMPLE);
    s.toEventStream();
    expect(() => s.toReadableStream()).toThrow(/already being read by toEventStream\(\);/);
  });

  it('is text() after text() took the stream', async () => {
    const s = stream(WIRE_EXAMPLE);
    await s.text();
    expect(() => s.toEventStream()).toThrow(/already being read by text\(\);/);
  });
});

describe('describeServerError', () => {
  it('renders null as null', () => {
    expect(describeServerError(null)).toBe('null');
  });

  it('renders undefined as undefined', () => {
    expect(describeServerError(undefined)).toBe('undefined');
  });

  it('renders an object without a code as its message alone', () => {
    expect(describeServerError({ message: 'busy' })).toBe('busy');
  });

  it('renders an object whose message is not a string as its JSON', () => {
    expect(describeServerError({ code: 'E', message: 5 })).toBe('{"code":"E","message":5}');
  });
});

describe('completionAsEventStream', () => {
  it('re-encodes every choice of a whole completion as one chunk, then [DONE]', async () => {
    const completion = {
      object: 'chat.completion' as const,
      choices: [
        { index: 0, message: { role: 'assistant' as const, content: 'a' }, finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant' as const, content: 'b' } },
      ],
    };
    const text = await new Response(completionAsEventStream(completion)).text();
    expect(text).toBe(
      'data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"},{"index":1,"delta":{"content":"b"},"finish_reason":null}]}\n\ndata: [DONE]\n\n',
    );
  });
});

describe('chunks without a delta', () => {
  const noDelta = JSON.stringify({ choices: [{ index: 0, finish_reason: 'stop' }] });
  const body = `data: ${JSON.stringify(delta('Hi'))}\n\ndata: ${noDelta}\n\ndata: [DONE]\n\n`;

  it('leave text() with the text of the others', async () => {
    await expect(stream(body).text()).resolves.toBe('Hi');
  });

  it('are skipped by textStream', async () => {
    const texts: string[] = [];
    for await (const text of stream(body).textStream) texts.push(text);
    expect(texts).toEqual(['Hi']);
  });

  it('are skipped by textStream when read one event per read', async () => {
    const pieces = body.split(/(?<=\n\n)/);
    const piecewise = new ReadableStream<Uint8Array>({
      pull(controller) {
        const piece = pieces.shift();
        if (piece) controller.enqueue(new TextEncoder().encode(piece));
        else controller.close();
      },
    });
    const texts: string[] = [];
    for await (const text of parseChatCompletionStream(piecewise).textStream) texts.push(text);
    expect(texts).toEqual(['Hi']);
  });
});

describe('event-stream fields', () => {
  it('lets a bad retry: value pass, as it holds no answer text', async () => {
    await expect(stream(`retry: soon\n\n${WIRE_EXAMPLE}`).text()).resolves.toBe('Hello from');
  });
});

describe('toReadableStream()', () => {
  it('hands out no empty chunk at the end', async () => {
    const reader = stream(WIRE_EXAMPLE).toReadableStream().getReader();
    const sizes: number[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) sizes.push(r.value.length);
    expect(sizes.every((size) => size > 0)).toBe(true);
  });
});

describe('toEventStream() and toResponse()', () => {
  it('ends with an error event holding an abort reason that is a plain string', async () => {
    const controller = new AbortController();
    const s = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE), {
      signal: controller.signal,
    });
    controller.abort('stop');
    const text = await new Response(s.toEventStream()).text();
    expect(text).toBe('data: {"error":{"code":"STREAM_ABORTED","message":"stop"}}\n\n');
  });

  it('keeps a content-type and a cache-control given in init', () => {
    const response = stream(WIRE_EXAMPLE).toResponse({
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
    });
    expect([...response.headers]).toEqual([
      ['cache-control', 'no-store'],
      ['content-type', 'text/event-stream'],
    ]);
  });
});

/** A reader handing out `sizes` bytes per read, then the end (or a failure). */
function readerOf(sizes: number[], fail = false): ReadableStreamDefaultReader<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = sizes.shift();
      if (size !== undefined) controller.enqueue(new Uint8Array(size));
      else if (fail) controller.error(new Error('reset'));
      else controller.close();
    },
  }).getReader();
}

describe('drainInBackground', () => {
  it('keeps the connection when the rest of the body is exactly 64 KiB', async () => {
    const giveUp = vi.fn();
    drainInBackground(readerOf([32 * 1024, 32 * 1024]), giveUp);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(giveUp).not.toHaveBeenCalled();
  });

  it('gives the connection up past 64 KiB', async () => {
    const giveUp = vi.fn();
    drainInBackground(readerOf([32 * 1024, 32 * 1024, 1]), giveUp);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(giveUp).toHaveBeenCalledOnce();
  });

  it('gives nothing up later when the body failed while draining', async () => {
    vi.useFakeTimers();
    const giveUp = vi.fn();
    drainInBackground(readerOf([10], true), giveUp);
    await vi.advanceTimersByTimeAsync(2000);
    expect(giveUp).not.toHaveBeenCalled();
  });
});

describe('IdleWatchdog', () => {
  it('never fires once stopped, even with a read still waiting', async () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const [readStarted, , stop] = idleWatchdog(100, onIdle);
    readStarted();
    stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe('the label of a stream', () => {
  it('is Completion stream when none is given', async () => {
    await expect(stream('data: {nope\n\n').text()).rejects.toThrow(
      /^Completion stream: event is not JSON/,
    );
  });
});

const encode = (text: string) => new TextEncoder().encode(text);
const chunk = (content: string) => `data: ${JSON.stringify(delta(content))}\n\n`;

/** A body of one read per piece, recording the reason it was cancelled with. */
function recordingBody(pieces: string[]) {
  const seen: { cancelReason?: unknown } = {};
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const piece = pieces.shift();
        if (piece === undefined) controller.close();
        else controller.enqueue(encode(piece));
      },
      cancel(reason) {
        seen.cancelReason = reason;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, seen };
}

describe('the failure a reader gets', () => {
  it('stays the stream’s own when abort() comes before the reader reached it', async () => {
    const s = stream(`${chunk('a')}data: {nope\n\n`);
    const iterator = s[Symbol.asyncIterator]();
    await iterator.next();
    s.abort();
    await expect(iterator.next()).rejects.toThrow(/event is not JSON/);
  });

  it('stays the stream’s own when the signal aborts before the reader reached it', async () => {
    const controller = new AbortController();
    const s = parseChatCompletionStream(eventStreamResponse(`${chunk('a')}data: {nope\n\n`), {
      signal: controller.signal,
    });
    const iterator = s[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort(new Error('late'));
    await expect(iterator.next()).rejects.toThrow(/event is not JSON/);
  });

  it('is none after abort(), even when the signal aborts afterwards', async () => {
    const controller = new AbortController();
    const s = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE), {
      signal: controller.signal,
    });
    const iterator = s[Symbol.asyncIterator]();
    await iterator.next();
    s.abort();
    controller.abort(new Error('late'));
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('is none for a bad line after [DONE] in the same read', async () => {
    const contents: unknown[] = [];
    for await (const c of stream(`${WIRE_EXAMPLE}not a field\n\n`)) contents.push(c);
    expect(contents).toHaveLength(2);
  });

  it('quotes the line that is not an event-stream field', async () => {
    await expect(stream(`${chunk('a')}{"x":1}\n\ndata: [DONE]\n\n`).text()).rejects.toThrow(
      'not a valid event stream: "{\\"x\\":1}"',
    );
  });
});

describe('the reason the body is cancelled with', () => {
  it('is an AbortError after abort()', async () => {
    const { body, seen } = recordingBody([chunk('a'), chunk('b')]);
    const s = parseChatCompletionStream(body);
    await s[Symbol.asyncIterator]().next();
    s.abort();
    expect(seen.cancelReason).toBeInstanceOf(DOMException);
    expect((seen.cancelReason as DOMException).name).toBe('AbortError');
  });

  it('is the stream’s failure when it failed', async () => {
    const { body, seen } = recordingBody([chunk('a'), 'data: {nope\n\n', chunk('b')]);
    const failure = await parseChatCompletionStream(body)
      .text()
      .catch((error: unknown) => error);
    expect(seen.cancelReason).toBe(failure);
  });
});

describe('[whenComplete]() asked twice before the end', () => {
  it('resolves both times to the whole answer', async () => {
    const s = stream(WIRE_EXAMPLE);
    const first = s[whenComplete]();
    const second = s[whenComplete]();
    for await (const _ of s) {
    }
    await expect(Promise.all([first, second])).resolves.toEqual(['Hello from', 'Hello from']);
  });
});

describe('toEventStream() batches', () => {
  it('forwards the chunks of one upstream read in one piece', async () => {
    const { body } = recordingBody([chunk('a') + chunk('b'), 'data: [DONE]\n\n']);
    const reader = parseChatCompletionStream(body).toEventStream().getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe(chunk('a') + chunk('b'));
  });

  it('forwards a chunk’s JSON text as the server wrote it, spaces included', async () => {
    const text = '{"choices": [{"delta": {"content": "a"}}]}';
    const { body } = recordingBody([`data: ${text}\n\ndata: [DONE]\n\n`]);
    const out = await new Response(parseChatCompletionStream(body).toEventStream()).text();
    expect(out).toBe(`data: ${text}\n\ndata: [DONE]\n\n`);
  });
});

describe('the idle watchdog', () => {
  it('does not count the time the consumer takes between reads', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { body } = recordingBody([chunk('a'), `${chunk('b')}data: [DONE]\n\n`]);
    const s = parseChatCompletionStream(body, { idleTimeout: 20 });
    const texts: string[] = [];
    for await (const text of s.textStream) {
      texts.push(text);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(texts).toEqual(['a', 'b']);
  });
});

describe('IdleWatchdog timing', () => {
  it('fires a full timeout after the latest read began, not after the first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const onIdle = vi.fn();
    const [readStarted, readEnded] = idleWatchdog(100, onIdle);
    readStarted();
    await vi.advanceTimersByTimeAsync(60);
    readEnded();
    readStarted();
    await vi.advanceTimersByTimeAsync(100);
    expect(onIdle).toHaveBeenCalledOnce();
  });
});

describe('timers that are numbers, as in browsers', () => {
  /** `setTimeout` returning the timer's numeric id, which Node's `clearTimeout` also takes. */
  function numericTimers(): void {
    const real = globalThis.setTimeout;
    vi.stubGlobal('setTimeout', (...args: Parameters<typeof setTimeout>) => Number(real(...args)));
  }

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('let the idle watchdog start', () => {
    numericTimers();
    const [readStarted, , stop] = idleWatchdog(1000, () => {});
    expect(() => readStarted()).not.toThrow();
    stop();
  });

  it('let a drain start', () => {
    numericTimers();
    expect(() => drainInBackground(readerOf([]), () => {})).not.toThrow();
  });
});

describe('chunks with no choices', () => {
  const body = `data: {"choices":[]}\n\n${chunk('Hi')}data: [DONE]\n\n`;

  it('leave text() with the text of the others', async () => {
    await expect(stream(body).text()).resolves.toBe('Hi');
  });

  it('are skipped by textStream', async () => {
    const texts: string[] = [];
    for await (const text of stream(body).textStream) texts.push(text);
    expect(texts).toEqual(['Hi']);
  });

  it('are skipped by textStream when read one event per read', async () => {
    const { body: piecewise } = recordingBody(body.split(/(?<=\n\n)/));
    const texts: string[] = [];
    for await (const text of parseChatCompletionStream(piecewise).textStream) texts.push(text);
    expect(texts).toEqual(['Hi']);
  });
});
