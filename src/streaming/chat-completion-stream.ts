import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { SoatError, SoatStreamError, SoatTimeoutError } from '../errors.js';
import type { ChatCompletionChunk } from '../types.js';
import { describeServerError, quote } from './describe.js';
import { IdleWatchdog } from './idle-watchdog.js';

/** Options of a {@link ChatCompletionStream}; see `parseChatCompletionStream`. */
export interface ChatCompletionStreamOptions {
  /** Aborting it stops the stream: iteration and `text()` reject with the signal's `reason`. */
  signal?: AbortSignal | undefined;
  /**
   * Fail with `SoatTimeoutError` when no bytes arrive for this many milliseconds while the
   * stream is being read. `Infinity` or absent: never.
   */
  idleTimeout?: number | undefined;
  /** Names the request in error messages, e.g. `POST /api/v1/chats/completions`. */
  label?: string | undefined;
  /** @internal Aborted when the stream ends early, to close the HTTP connection. */
  connection?: AbortController | undefined;
  /** @internal The bytes to parse, when they are not `response.body` itself. */
  body?: ReadableStream<Uint8Array> | undefined;
}

/**
 * @internal Reads until the first chunk is parsed or the stream ended, and resolves to the
 * failure that ended it before any chunk, if one did.
 */
export const firstChunk = Symbol();

const noop = () => {};
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A streamed chat completion: `for await` over it yields each `ChatCompletionChunk` as soon as
 * its event is complete. It reads the body only as fast as it is consumed, ends at
 * `data: [DONE]`, and never ends quietly with half an answer: an error event, a body that ends
 * before `[DONE]`, an event that is not JSON, or a network failure throws a `SoatStreamError`
 * holding the text received so far in `partialText` (a stall throws `SoatTimeoutError`).
 *
 * A stream has one consumer: `for await`, `textStream`, `text()` or `toReadableStream()`.
 * Leaving a `for await` early (`break`, `return`, a throw) closes the connection.
 *
 * @example
 * ```ts
 * const { data: stream, error } = await soat.chats.createChatCompletion({
 *   body: { ai_provider_id: 'aip_abc123', messages: [{ role: 'user', content: 'Hi' }], stream: true },
 * });
 * if (error) throw new Error(JSON.stringify(error));
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
 * ```
 */
export class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  /** The HTTP response the stream is read from. */
  readonly response: Response;

  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  readonly #parser = createParser({
    onEvent: (event) => this.#onEvent(event),
    // A bad `retry:` value is harmless; any other line we cannot read could hold answer text.
    onError: (error: ParseError) =>
      error.type !== 'invalid-retry' &&
      this.#fail(this.#error(`not a valid event stream: ${quote(error.line ?? '')}`, error)),
  });
  readonly #label: string;
  readonly #connection: AbortController | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onSignalAbort = () => this.#stop((this.#signal as AbortSignal).reason);
  readonly #watchdog: IdleWatchdog;
  #queue: ChatCompletionChunk[] = [];
  #head = 0;
  /** The text deltas so far, joined only when asked: one rope per delta would burden the GC. */
  readonly #parts: string[] = [];
  #keepChunks = true;
  /** `data: [DONE]` arrived. */
  #done = false;
  /** The body ended: what the parser still holds is flushed. */
  #ended = false;
  /** The body is done with: read to the end, failed, or cancelled. */
  #finished = false;
  /** The consumer has seen the end (done or a throw): nothing more can change. */
  #settled = false;
  #aborted = false;
  #failure: unknown;
  #consumer: string | undefined;

  /** @internal Use `parseChatCompletionStream`, or a completion call with `stream: true`. */
  constructor(response: Response, options: ChatCompletionStreamOptions = {}) {
    const body = options.body ?? response.body;
    this.#label = options.label ?? 'Completion stream';
    if (!body) {
      throw new SoatError(
        `${this.#label}: no readable body: this fetch cannot stream (React Native's default cannot); use one that can, or drop stream: true`,
      );
    }
    this.response = response;
    this.#reader = body.getReader();
    this.#connection = options.connection;
    const signal = options.signal;
    this.#signal = signal;
    const idle = options.idleTimeout ?? Number.POSITIVE_INFINITY;
    this.#watchdog = new IdleWatchdog(idle, () =>
      this.#fail(
        new SoatTimeoutError(`${this.#label}: no data for ${idle} ms (streamIdleTimeout)`, {
          partialText: this.#parts.join(''),
        }),
      ),
    );
    if (signal?.aborted) this.#stop(signal.reason);
    else signal?.addEventListener('abort', this.#onSignalAbort);
  }

  /** Iterates the chunks; throws `SoatStreamError` (or `SoatTimeoutError`) on failure. */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    this.#claim('for await');
    return { next: () => this.#next(), return: () => this.#leave() };
  }

  /** The non-empty text deltas, one string per chunk. Starts the stream's one consumption. */
  get textStream(): AsyncIterable<string> {
    return { [Symbol.asyncIterator]: () => this.#texts('textStream') };
  }

  /**
   * Reads the whole answer and resolves to its text.
   * @throws `SoatStreamError` or `SoatTimeoutError` when the stream fails; a `DOMException`
   * named `AbortError` after `abort()`; the signal's `reason` when the call's signal aborts.
   */
  async text(): Promise<string> {
    if (!this.#aborted) {
      this.#claim('text()');
      // The text is gathered as events are parsed; the chunks themselves are not needed, so
      // #pull reads to the end without handing any out.
      this.#keepChunks = false;
      this.#head = this.#queue.length = 0;
      await this.#pull();
    }
    if (this.#aborted) throw new DOMException('The stream was aborted.', 'AbortError');
    return this.#parts.join('');
  }

  /**
   * A web `ReadableStream` of the UTF-8 text deltas, e.g. to answer from a route handler:
   * `return new Response(stream.toReadableStream())`. A failure errors the readable stream;
   * cancelling it closes the connection.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    const texts = this.#texts('toReadableStream()');
    const encoder = new TextEncoder();
    return new ReadableStream({
      async pull(controller) {
        const result = await texts.next();
        if (result.done) controller.close();
        else controller.enqueue(encoder.encode(result.value));
      },
      cancel: () => {
        this.#leave();
      },
    });
  }

  /**
   * Stops reading and closes the connection. Iteration then simply ends; a pending or later
   * `text()` rejects with a `DOMException` named `AbortError`.
   */
  abort(): void {
    if (this.#settled || this.#failure !== undefined) return;
    this.#aborted = true;
    this.#head = this.#queue.length = 0;
    this.#close();
  }

  /** @internal */
  async [firstChunk](): Promise<unknown> {
    while (!this.#queue.length && !this.#finished) {
      this.#watchdog.readStarted();
      await this.#reader.read().then(this.#consume, this.#readFailed);
    }
    return this.#queue.length ? undefined : this.#failure;
  }

  #claim(consumer: string): void {
    if (this.#consumer) {
      throw new SoatError(
        `ChatCompletionStream: already being read by ${this.#consumer}; a stream has one consumer, so ${consumer} cannot read it too`,
      );
    }
    this.#consumer = consumer;
  }

  #texts(consumer: string): AsyncIterator<string> {
    this.#claim(consumer);
    return { next: () => this.#nextText(), return: () => this.#leave() };
  }

  /** The next non-empty delta: straight from the queue when one is parsed, else via #pull. */
  #nextText(): Promise<IteratorResult<string>> {
    while (this.#head < this.#queue.length) {
      const content = this.#shift().value.choices[0]?.delta?.content;
      if (content) return Promise.resolve({ done: false, value: content });
    }
    return this.#pullText();
  }

  async #pullText(): Promise<IteratorResult<string>> {
    for (;;) {
      const result = await this.#pull();
      if (result.done) return DONE;
      const content = result.value.choices[0]?.delta?.content;
      if (content) return { done: false, value: content };
    }
  }

  #next(): Promise<IteratorResult<ChatCompletionChunk>> {
    if (this.#head < this.#queue.length) return Promise.resolve(this.#shift());
    return this.#pull();
  }

  /** Reads until a chunk is queued or the stream ended: the hot loop, one await per read. */
  async #pull(): Promise<IteratorResult<ChatCompletionChunk>> {
    for (;;) {
      if (this.#head < this.#queue.length) return this.#shift();
      if (this.#finished) {
        this.#settle();
        if (this.#failure !== undefined) throw this.#failure;
        return DONE;
      }
      this.#watchdog.readStarted();
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await this.#reader.read();
      } catch (cause) {
        this.#readFailed(cause);
        continue;
      }
      this.#consume(result);
    }
  }

  #shift(): IteratorYieldResult<ChatCompletionChunk> {
    const value = this.#queue[this.#head++] as ChatCompletionChunk;
    if (this.#head === this.#queue.length) this.#head = this.#queue.length = 0;
    return { done: false, value };
  }

  /** The consumer left early (`break`, `return`, a throw, a cancelled readable stream). */
  #leave(): Promise<IteratorReturnResult<undefined>> {
    this.#close();
    this.#settle();
    return Promise.resolve(DONE);
  }

  readonly #readFailed = (cause: unknown): void => {
    this.#watchdog.reading = false;
    this.#fail(
      cause instanceof SoatError ? cause : this.#error('connection failed mid-stream', cause),
    );
  };

  readonly #consume = (result: ReadableStreamReadResult<Uint8Array>): void => {
    this.#watchdog.reading = false;
    if (this.#finished) return;
    if (result.done) {
      // A last event without its blank line still counts; a cut-off one is a truncated body.
      this.#ended = true;
      this.#parser.feed(`${this.#decoder.decode()}\n\n`);
    } else {
      this.#parser.feed(this.#decoder.decode(result.value, { stream: true }));
    }
    if (this.#done) this.#close();
    else if (this.#ended) this.#fail(this.#truncated());
  };

  #onEvent({ data }: EventSourceMessage): void {
    if (this.#done || this.#finished) return;
    if (data === '[DONE]') {
      this.#done = true;
      return;
    }
    let chunk: (ChatCompletionChunk & { error?: unknown }) | null;
    try {
      chunk = JSON.parse(data);
    } catch (cause) {
      this.#fail(
        this.#ended ? this.#truncated() : this.#error(`event is not JSON: ${quote(data)}`, cause),
      );
      return;
    }
    if (chunk?.error !== undefined) {
      const message = `the server reported an error mid-stream: ${describeServerError(chunk.error)}`;
      this.#fail(this.#error(message, undefined, chunk.error));
    } else if (!Array.isArray(chunk?.choices)) {
      this.#fail(this.#error(`event is not a completion chunk: ${quote(data)}`));
    } else {
      const content = chunk.choices[0]?.delta?.content;
      if (typeof content === 'string') this.#parts.push(content);
      if (this.#keepChunks) this.#queue.push(chunk);
    }
  }

  #error(message: string, cause?: unknown, serverError?: unknown): SoatStreamError {
    const options = { partialText: this.#parts.join(''), cause, serverError };
    return new SoatStreamError(`${this.#label}: ${message}`, options);
  }

  #truncated(): SoatStreamError {
    return this.#error('the stream ended before [DONE]; the answer is incomplete');
  }

  /** A failure of the body: chunks parsed before it are still handed out first. */
  #fail(failure: unknown): void {
    if (this.#finished) return;
    this.#failure = failure;
    this.#close(failure);
  }

  /**
   * The call's signal aborted: whatever is queued is dropped, even after the body ended, and the
   * consumer gets the signal's reason next.
   */
  #stop(reason: unknown): void {
    if (this.#settled || this.#failure !== undefined) return;
    this.#failure = reason;
    this.#head = this.#queue.length = 0;
    this.#close(reason);
  }

  /** The consumer has seen the end: stop listening to the signal. */
  #settle(): void {
    this.#settled = true;
    this.#signal?.removeEventListener('abort', this.#onSignalAbort);
  }

  /** Ends the stream for good and releases the body and the connection. */
  #close(reason?: unknown): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#watchdog.stop();
    this.#reader.cancel(reason).catch(noop);
    if (!this.#done || this.#watchdog.reading) {
      this.#connection?.abort(reason ?? new DOMException('The stream was aborted.', 'AbortError'));
    }
  }
}
