import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { SoatError, SoatStreamError, SoatTimeoutError } from '../errors.js';
import type { ChatCompletionChunk } from '../types.js';
import { describeServerError, quote } from './describe.js';
import { drainInBackground } from './drain.js';
import { IdleWatchdog } from './idle-watchdog.js';
import {
  ABORTED,
  abortError,
  type ChatCompletionStreamOptions,
  DONE,
  dataOf,
  firstChunk,
  Keep,
  noop,
  read,
  State,
  whenComplete,
} from './stream-internals.js';

/**
 * The core of a `ChatCompletionStream`, its base class: reads the body, parses its events, fails,
 * and closes, in one place. It hands out chunks, text deltas or event data to the stream's one
 * reader (`[read]`), and knows the outcome (`text()`, `[whenComplete]`). The outputs built on it
 * are `ChatCompletionStream`'s.
 */
export class StreamCore {
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
  /** Parsed chunks not yet handed out; in `data` mode, their JSON text. */
  #queue: (ChatCompletionChunk | string)[] = [];
  #head = 0;
  /** The text deltas so far, joined only when asked: one rope per delta would burden the GC. */
  readonly #parts: string[] = [];
  #keep = Keep.Chunks;
  #state = State.Reading;
  /** What the reader gets once the queue is empty: the failure, the signal's reason, or ABORTED. */
  #failure: unknown;
  #completion: Promise<string> | undefined;
  #settleCompletion = noop;
  /** Which reader has claimed the stream, for the error a second one gets. */
  #claimedBy: string | undefined;

  /** @throws `SoatError` when there is no body to read. */
  constructor(body: ReadableStream<Uint8Array> | null, options: ChatCompletionStreamOptions) {
    this.#label = options.label ?? 'Completion stream';
    if (!body) {
      throw new SoatError(
        `${this.#label}: no readable body: this fetch cannot stream (React Native's default cannot); use one that can, or drop stream: true`,
      );
    }
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
    else if (signal) {
      const onAbort = () => this.#stop(signal.reason);
      signal.addEventListener('abort', onAbort);
      this.#unlisten = () => signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Claims the stream for its one reader and returns that reader's iterator: of the chunks, of
   * the non-empty text deltas, or of batches of the chunks' JSON text (for `toEventStream()`).
   * @throws `SoatError` naming the reader that already has the stream.
   */
  [read](reader: string, kind: 'chunks'): AsyncIterator<ChatCompletionChunk>;
  [read](reader: string, kind: 'text'): AsyncIterator<string>;
  [read](reader: string, kind: 'data'): AsyncIterator<string[]>;
  [read](reader: string, kind: 'chunks' | 'text' | 'data'): AsyncIterator<unknown> {
    this.#claim(reader);
    const next =
      kind === 'chunks'
        ? () => this.#next()
        : kind === 'text'
          ? () => this.#nextText()
          : () => this.#nextData();
    return { next, return: () => this.#leave() };
  }

  /**
   * Resolves to the whole answer. Called first, it reads the stream itself; called while another
   * reader reads, or after, it waits for `[DONE]` (or resolves at once if it was reached).
   * @throws `SoatStreamError` or `SoatTimeoutError` when the stream fails; a `DOMException`
   * named `AbortError` after `abort()` or when the reader left early; the signal's `reason` when
   * the call's signal aborts.
   */
  async text(): Promise<string> {
    if (!this.#claimedBy) {
      this.#claim('text()');
      // The text is gathered as events are parsed: no chunk needs keeping.
      this.#keep = Keep.Nothing;
      this.#head = this.#queue.length = 0;
      await this.#pull().catch(noop);
    }
    return this[whenComplete]();
  }

  #claim(reader: string): void {
    if (this.#claimedBy) {
      throw new SoatError(
        `ChatCompletionStream: already being read by ${this.#claimedBy}; a stream has one reader, so ${reader} cannot read it too`,
      );
    }
    this.#claimedBy = reader;
  }

  /** The next chunk: straight from the queue when one is parsed, else read. */
  #next(): Promise<IteratorResult<ChatCompletionChunk>> {
    // Stryker disable next-line ConditionalExpression: `#pull()` hands out a queued chunk first too
    if (this.#head < this.#queue.length) return Promise.resolve(this.#shift());
    return this.#pull();
  }

  /**
   * For `toEventStream()`: the JSON text of the next chunk and of every other one already parsed,
   * a batch per read. An end by `abort()` throws, so it is not mistaken for `[DONE]`.
   */
  async #nextData(): Promise<IteratorResult<string[]>> {
    this.#keep = Keep.Data;
    const first = await this.#next();
    if (first.done) return DONE;
    const batch = [dataOf(first.value)];
    while (this.#head < this.#queue.length) batch.push(dataOf(this.#shift().value));
    return { done: false, value: batch };
  }

  /** The next non-empty text delta. */
  #nextText(): Promise<IteratorResult<string>> {
    // Stryker disable next-line ConditionalExpression: `#pullText()` takes queued chunks first too, skipping the empty ones alike
    while (this.#head < this.#queue.length) {
      const content = this.#shift().value.choices[0]?.delta?.content;
      if (content) return Promise.resolve({ done: false, value: content });
    }
    return this.#pullText();
  }

  /** @internal See {@link firstChunk}. */
  async [firstChunk](): Promise<unknown> {
    try {
      const first = await this.#pull();
      // Put the chunk back for the reader (#shift emptied the queue, or moved its head on).
      if (!first.done) this.#head ? this.#head-- : this.#queue.push(first.value);
    } catch (failure) {
      return failure;
    }
  }

  /** @internal See {@link whenComplete}. */
  [whenComplete](): Promise<string> {
    if (!this.#completion) {
      this.#completion = new Promise<string>((resolve, reject) => {
        this.#settleCompletion = () => {
          if (this.#state === State.Complete) resolve(this.#parts.join(''));
          else reject(this.#state === State.Failed ? this.#failure : abortError());
        };
      });
      this.#completion.catch(noop);
      if (!this.#open) this.#settleCompletion();
    }
    return this.#completion;
  }

  /**
   * Stops reading and closes the connection. Iteration then simply ends; a pending or later
   * `text()` rejects with a `DOMException` named `AbortError`, unless the answer was already
   * whole or had failed.
   */
  abort(): void {
    if (this.#state === State.Failed) return;
    this.#failure = ABORTED;
    this.#end(State.Aborted);
  }

  /** The reader left early (`break`, `return`, a throw, a cancelled readable stream). */
  #leave(): Promise<IteratorReturnResult<undefined>> {
    this.#end(State.Aborted);
    return Promise.resolve(DONE);
  }

  /** Whether the outcome is still open: the body is being read or flushed. */
  get #open(): boolean {
    return this.#state <= State.Ending;
  }

  async #pullText(): Promise<IteratorResult<string>> {
    for (;;) {
      const result = await this.#pull();
      if (result.done) return DONE;
      const content = result.value.choices[0]?.delta?.content;
      if (content) return { done: false, value: content };
    }
  }

  /** Reads until a chunk is queued or the stream ended: the hot loop, one await per read. */
  async #pull(): Promise<IteratorResult<ChatCompletionChunk>> {
    for (;;) {
      if (this.#head < this.#queue.length) return this.#shift();
      if (!this.#open) {
        // The reader has seen the end: the signal has nothing left to stop.
        this.#unlisten();
        const failure = this.#failure;
        if (failure === ABORTED && this.#keep === Keep.Data) throw abortError();
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
    // Stryker disable next-line ConditionalExpression: resetting only frees the queue's memory; the head index reads the same chunks either way
    if (this.#head === this.#queue.length) this.#head = this.#queue.length = 0;
    return { done: false, value };
  }

  readonly #readFailed = (cause: unknown): void => {
    // Stryker disable next-line BooleanLiteral: the failure ends the stream, which stops the watchdog, or it had already ended
    this.#watchdog.reading = false;
    this.#fail(
      cause instanceof SoatError ? cause : this.#error('connection failed mid-stream', cause),
    );
  };

  readonly #consume = (result: ReadableStreamReadResult<Uint8Array>): void => {
    this.#watchdog.reading = false;
    if (this.#state !== State.Reading) return;
    if (result.done) {
      // A last event without its blank line still counts; a cut-off one is a truncated body.
      this.#state = State.Ending;
      this.#parser.feed(`${this.#decoder.decode()}\n\n`);
      // Stryker disable next-line ConditionalExpression: `#fail` does nothing once the state has left Ending
      if (this.#state === State.Ending) this.#fail(this.#truncated());
    } else {
      this.#parser.feed(this.#decoder.decode(result.value, { stream: true }));
      // What follows `[DONE]` is read in the background, so the connection can be reused.
      const connection = this.#connection;
      if ((this.#state as State) === State.Complete) {
        drainInBackground(this.#reader, () => connection?.abort(abortError()));
      }
    }
  };

  #onEvent({ data }: EventSourceMessage): void {
    if (!this.#open) return;
    if (data === '[DONE]') {
      this.#end(State.Complete);
      return;
    }
    let chunk: (ChatCompletionChunk & { error?: unknown }) | null;
    try {
      chunk = JSON.parse(data);
    } catch (cause) {
      const cut = this.#state === State.Ending;
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
      if (this.#keep === Keep.Chunks) this.#queue.push(chunk);
      // The server's own text, unless it spans lines (`data:` lines joined): re-encoded then.
      else if (this.#keep === Keep.Data)
        this.#queue.push(data.includes('\n') ? JSON.stringify(chunk) : data);
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
    this.#end(State.Failed);
  }

  /**
   * The call's signal aborted: whatever is queued is dropped, even after `[DONE]`, and the reader
   * gets the signal's reason next. A failure or `abort()` before it stays the outcome.
   */
  #stop(reason: unknown): void {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: failing or aborting removes the signal's listener, so `#stop` never runs in those states
    if (this.#state === State.Failed || this.#state === State.Aborted) return;
    this.#failure = reason;
    this.#head = this.#queue.length = 0;
    this.#end(State.Failed);
    this.#unlisten();
  }

  /**
   * Leaves `reading` for good: stops the watchdog and the signal listener, settles
   * `whenComplete`, and on an early end releases the body and closes the connection. Called
   * again (an `abort()` or a reader leaving after the end) it only drops what is queued.
   */
  #end(state: State.Complete | State.Failed | State.Aborted): void {
    if (state === State.Aborted) {
      this.#head = this.#queue.length = 0;
      this.#unlisten();
    }
    if (!this.#open) return;
    this.#state = state;
    this.#watchdog.stop();
    if (state !== State.Complete) {
      this.#unlisten();
      const reason = this.#failure === ABORTED ? abortError() : this.#failure;
      this.#reader.cancel(reason).catch(noop);
      this.#connection?.abort(reason);
    }
    this.#settleCompletion();
  }
}
