import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { SoatError, SoatStreamError, SoatTimeoutError } from '../errors.js';
import type { ChatCompletionChunk } from '../types.js';
import { describeServerError, quote } from './describe.js';
import { drainInBackground } from './drain.js';
import { IdleWatchdog } from './idle-watchdog.js';
import { listenWeakly } from './listen.js';
import { eventStreamBytes, eventStreamResponse, textBytes } from './outputs.js';

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

/**
 * @internal `stream[whenComplete]()` resolves to the whole answer once `data: [DONE]` is reached,
 * whichever consumer reads; rejects with the failure, or an `AbortError` `DOMException` when the
 * stream is aborted or abandoned first. It never claims the stream, and its promise never
 * becomes an unhandled rejection.
 */
export const whenComplete = Symbol('whenComplete');

/**
 * Where the stream is. `reading`: the body is being read; `ending`: it ended, and what the parser
 * still holds is flushed. `complete`: `data: [DONE]` arrived (the
 * answer is whole; the rest of the body drains in the background). `failed`: the body failed, or
 * the signal aborted, first. `aborted`: `abort()` was called, or the consumer left, first.
 */
type State = 'reading' | 'ending' | 'complete' | 'failed' | 'aborted';

/** What a consumer gets at the end after `abort()`: a quiet end (an event stream: an error). */
const ABORTED = Symbol();

const noop = () => {};
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const abortError = () => new DOMException('The stream was aborted.', 'AbortError');

/**
 * A streamed chat completion: `for await` over it yields each `ChatCompletionChunk` as soon as
 * its event is complete. It reads the body only as fast as it is consumed, ends at
 * `data: [DONE]`, and never ends quietly with half an answer: an error event, a body that ends
 * before `[DONE]`, an event that is not JSON, or a network failure throws a `SoatStreamError`
 * holding the text received so far in `partialText` (a stall throws `SoatTimeoutError`).
 *
 * A stream has one reader: `for await`, `textStream`, `toReadableStream()`, `toEventStream()`
 * (or `toResponse()`), or `text()` called first. `text()` called while another reads, or after,
 * waits for that reader and gives the whole answer. Leaving early (`break`, a cancelled readable)
 * closes the connection; after `[DONE]` the rest of the body is drained in the background so the
 * connection can be reused.
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
  readonly #watchdog: IdleWatchdog;
  #unlisten = noop;
  #queue: ChatCompletionChunk[] = [];
  #head = 0;
  /** The text deltas so far, joined only when asked: one rope per delta would burden the GC. */
  readonly #parts: string[] = [];
  #keepChunks = true;
  #state: State = 'reading';
  /** What the reader gets once the queue is empty: the failure, the signal's reason, or ABORTED. */
  #failure: unknown;
  #reading: string | undefined;
  #completion: Promise<string> | undefined;
  #settleCompletion = noop;

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
    const idle = options.idleTimeout ?? Number.POSITIVE_INFINITY;
    this.#watchdog = new IdleWatchdog(idle, () =>
      this.#fail(
        new SoatTimeoutError(`${this.#label}: no data for ${idle} ms (streamIdleTimeout)`, {
          partialText: this.#parts.join(''),
        }),
      ),
    );
    const signal = options.signal;
    if (signal?.aborted) this.#stop(signal.reason);
    else if (signal) this.#unlisten = listenWeakly(signal, this, ChatCompletionStream.#onAbort);
  }

  /** Not a closure: one made in the constructor would share its scope, and so hold `this`. */
  static #onAbort(stream: ChatCompletionStream, reason: unknown): void {
    stream.#stop(reason);
  }

  /** Iterates the chunks; throws `SoatStreamError` (or `SoatTimeoutError`) on failure. */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    return this.#chunks('for await');
  }

  /** The non-empty text deltas, one string per chunk. Makes `textStream` the stream's reader. */
  get textStream(): AsyncIterable<string> {
    return { [Symbol.asyncIterator]: () => this.#texts('textStream') };
  }

  /**
   * Resolves to the whole answer. Called first, it reads the stream itself; called while another
   * consumer reads, or after, it waits for `[DONE]` (or resolves at once if it was reached).
   * @throws `SoatStreamError` or `SoatTimeoutError` when the stream fails; a `DOMException`
   * named `AbortError` after `abort()` or when the reader left early; the signal's `reason` when
   * the call's signal aborts.
   */
  async text(): Promise<string> {
    if (!this.#reading) {
      this.#claim('text()');
      // The text is gathered as events are parsed; the chunks themselves are not needed, so
      // #pull reads to the end without handing any out.
      this.#keepChunks = false;
      this.#head = this.#queue.length = 0;
      await this.#pull().catch(noop);
    }
    return this[whenComplete]();
  }

  /**
   * A web `ReadableStream` of the UTF-8 text deltas. A failure errors the readable stream;
   * cancelling it closes the connection. To forward a completion with its failures, use
   * `toEventStream()`.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    return textBytes(this.#texts('toReadableStream()'));
  }

  /**
   * The completion re-encoded in SOAT's own event-stream format, to forward to a browser that
   * reads it with `parseChatCompletionStream`: `data: <chunk JSON>` per chunk, `data: [DONE]`
   * only after a whole answer. A failure (error event, cut body, bad event, network failure,
   * stall, abort) becomes one last `data: {"error": …}` event instead: the server's own error
   * value, else a message saying what happened. Cancelling it closes the connection.
   * @throws `SoatError` when the stream already has a reader.
   */
  toEventStream(): ReadableStream<Uint8Array> {
    return eventStreamBytes(this.#chunks('toEventStream()'));
  }

  /**
   * `toEventStream()` as a `Response` (`Content-Type: text/event-stream; charset=utf-8`,
   * `Cache-Control: no-cache`), to return from a fetch-style route handler. `init` may set the
   * status and add or override headers.
   * @throws `SoatError` when the stream already has a reader.
   */
  toResponse(init?: ResponseInit): Response {
    return eventStreamResponse(this.toEventStream(), init);
  }

  /**
   * Stops reading and closes the connection. Iteration then simply ends; a pending or later
   * `text()` rejects with a `DOMException` named `AbortError`, unless the answer was already
   * complete or had failed.
   */
  abort(): void {
    if (this.#state === 'failed') return;
    this.#failure = ABORTED;
    this.#end('aborted');
  }

  /** @internal */
  async [firstChunk](): Promise<unknown> {
    while (!this.#queue.length && this.#open) {
      this.#watchdog.readStarted();
      await this.#reader.read().then(this.#consume, this.#readFailed);
    }
    return this.#queue.length || this.#state === 'complete' ? undefined : this.#failure;
  }

  /** @internal See {@link whenComplete}. */
  [whenComplete](): Promise<string> {
    if (!this.#completion) {
      this.#completion = new Promise<string>((resolve, reject) => {
        this.#settleCompletion = () => {
          if (this.#state === 'complete') resolve(this.#parts.join(''));
          else reject(this.#state === 'failed' ? this.#failure : abortError());
        };
      });
      this.#completion.catch(noop);
      if (!this.#open) this.#settleCompletion();
    }
    return this.#completion;
  }

  /** Whether the outcome is still open: the body is being read or flushed. */
  get #open(): boolean {
    return this.#state === 'reading' || this.#state === 'ending';
  }

  #claim(reader: string): void {
    if (this.#reading) {
      throw new SoatError(
        `ChatCompletionStream: already being read by ${this.#reading}; a stream has one reader, so ${reader} cannot read it too`,
      );
    }
    this.#reading = reader;
  }

  #chunks(reader: string): AsyncIterator<ChatCompletionChunk> {
    this.#claim(reader);
    return { next: () => this.#next(), return: () => this.#leave() };
  }

  #texts(reader: string): AsyncIterator<string> {
    this.#claim(reader);
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
      if (!this.#open) {
        // The reader has seen the end: the signal has nothing left to stop.
        this.#unlisten();
        const failure = this.#failure;
        if (failure === ABORTED && this.#reading === 'toEventStream()') throw abortError();
        if (failure !== undefined && failure !== ABORTED) throw failure;
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

  /** The reader left early (`break`, `return`, a throw, a cancelled readable stream). */
  #leave(): Promise<IteratorReturnResult<undefined>> {
    this.#end('aborted');
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
    if (this.#state !== 'reading') return;
    if (result.done) {
      // A last event without its blank line still counts; a cut-off one is a truncated body.
      this.#state = 'ending';
      this.#parser.feed(`${this.#decoder.decode()}\n\n`);
      if (this.#state === 'ending') this.#fail(this.#truncated());
    } else {
      this.#parser.feed(this.#decoder.decode(result.value, { stream: true }));
      // What follows `[DONE]` is read in the background: the connection can then be reused.
      const connection = this.#connection;
      if ((this.#state as State) === 'complete') {
        drainInBackground(this.#reader, () => connection?.abort(abortError()));
      }
    }
  };

  #onEvent({ data }: EventSourceMessage): void {
    if (!this.#open) return;
    if (data === '[DONE]') {
      this.#end('complete');
      return;
    }
    let chunk: (ChatCompletionChunk & { error?: unknown }) | null;
    try {
      chunk = JSON.parse(data);
    } catch (cause) {
      const cut = this.#state === 'ending';
      this.#fail(cut ? this.#truncated() : this.#error(`event is not JSON: ${quote(data)}`, cause));
      return;
    }
    // `{"error": null, "choices": […]}` is a chunk: only a non-null `error` is one (issue 11 #10).
    if (chunk?.error != null) {
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
    if (!this.#open) return;
    this.#failure = failure;
    this.#end('failed');
  }

  /**
   * The call's signal aborted: whatever is queued is dropped, even after `[DONE]`, and the reader
   * gets the signal's reason next. A failure or `abort()` before it stays the outcome.
   */
  #stop(reason: unknown): void {
    if (this.#state === 'failed' || this.#state === 'aborted') return;
    this.#failure = reason;
    this.#head = this.#queue.length = 0;
    this.#end('failed');
    this.#unlisten();
  }

  /**
   * Moves out of `reading` for good: stops the watchdog and the signal listener, settles
   * `whenComplete`, and on an early end releases the body and closes the connection. Called
   * again (an `abort()` or a reader leaving after the end) it only drops what is queued.
   */
  #end(state: Exclude<State, 'reading' | 'ending'>): void {
    if (state === 'aborted') {
      this.#head = this.#queue.length = 0;
      this.#unlisten();
    }
    if (!this.#open) return;
    this.#state = state;
    this.#watchdog.stop();
    if (state !== 'complete') {
      this.#unlisten();
      this.#reader.cancel(this.#failure).catch(noop);
      this.#connection?.abort(this.#failure === ABORTED ? abortError() : this.#failure);
    }
    this.#settleCompletion();
  }
}
