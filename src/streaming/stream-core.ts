import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { SoatError, SoatStreamError, SoatTimeoutError } from '../errors.js';
import type { ChatCompletionChunk } from '../types.js';
import { describeServerError, quote } from './describe.js';
import { drainInBackground } from './drain.js';
import { IdleWatchdog } from './idle-watchdog.js';
import { listenWeakly } from './listen.js';

/**
 * Where a stream is. `reading`: the body is being read; `ending`: it ended, and what the parser
 * still holds is flushed. `complete`: `data: [DONE]` arrived (the answer is whole; the rest of the
 * body drains in the background). `failed`: the body failed, or the signal aborted, first.
 * `aborted`: `abort()` was called, or the reader left, first.
 */
type State = 'reading' | 'ending' | 'complete' | 'failed' | 'aborted';

/** What the reader gets at the end after `abort()`: a quiet end (an event stream: an error). */
const ABORTED = Symbol();

const noop = () => {};
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const abortError = () => new DOMException('The stream was aborted.', 'AbortError');
const dataOf = (item: ChatCompletionChunk | string) =>
  typeof item === 'string' ? item : JSON.stringify(item);

/** What a {@link StreamCore} is given; see `ChatCompletionStreamOptions`. */
export interface StreamCoreOptions {
  signal?: AbortSignal | undefined;
  idleTimeout?: number | undefined;
  label: string;
  connection?: AbortController | undefined;
}

/**
 * The core of a `ChatCompletionStream`: reads the body, parses its events, fails, and closes, in
 * one place. It hands out chunks (or text deltas) one at a time to the stream's one reader, and
 * knows the outcome (`whenComplete`). Internal: the public surface is `ChatCompletionStream`.
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
  /**
   * What parsed events are queued for the reader: the chunks (`for await`, `textStream`), their
   * JSON text (`toEventStream()`, which forwards it as is), or nothing (`text()`: the text is
   * gathered anyway).
   */
  #keep: 'chunks' | 'data' | 'nothing' = 'chunks';
  #state: State = 'reading';
  /** What the reader gets once the queue is empty: the failure, the signal's reason, or ABORTED. */
  #failure: unknown;
  #completion: Promise<string> | undefined;
  #settleCompletion = noop;
  /** Which reader has claimed the stream, for the error a second one gets. */
  #claimedBy: string | undefined;

  constructor(body: ReadableStream<Uint8Array>, options: StreamCoreOptions) {
    this.#reader = body.getReader();
    this.#label = options.label;
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
    else if (signal) this.#unlisten = listenWeakly(signal, this, StreamCore.#onAbort);
  }

  /** Not a closure: one made in the constructor would share its scope, and so hold `this`. */
  static #onAbort(core: StreamCore, reason: unknown): void {
    core.#stop(reason);
  }

  /**
   * Claims the stream for its one reader and returns that reader's iterator: of the chunks, of
   * the non-empty text deltas, or of batches of the chunks' JSON text (for `toEventStream()`).
   * @throws `SoatError` naming the reader that already has the stream.
   */
  read(reader: string, kind: 'chunks'): AsyncIterator<ChatCompletionChunk>;
  read(reader: string, kind: 'text'): AsyncIterator<string>;
  read(reader: string, kind: 'data'): AsyncIterator<string[]>;
  read(reader: string, kind: 'chunks' | 'text' | 'data'): AsyncIterator<unknown> {
    this.#claim(reader);
    const next =
      kind === 'chunks'
        ? () => this.#next()
        : kind === 'text'
          ? () => this.#nextText()
          : () => this.#nextData();
    return { next, return: () => this.#leave() };
  }

  /** `stream.text()`: reads the stream itself when nothing else does, then the outcome. */
  async text(): Promise<string> {
    if (!this.#claimedBy) {
      this.#claim('text()');
      // The text is gathered as events are parsed: no chunk needs keeping.
      this.#keep = 'nothing';
      this.#head = this.#queue.length = 0;
      await this.#pull().catch(noop);
    }
    return this.whenComplete();
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
    if (this.#head < this.#queue.length) return Promise.resolve(this.#shift());
    return this.#pull();
  }

  /**
   * For `toEventStream()`: the JSON text of the next chunk and of every other one already parsed,
   * a batch per read. An end by `abort()` throws, so it is not mistaken for `[DONE]`.
   */
  async #nextData(): Promise<IteratorResult<string[]>> {
    this.#keep = 'data';
    const first = await this.#next();
    if (first.done) return DONE;
    const batch = [dataOf(first.value)];
    while (this.#head < this.#queue.length) batch.push(dataOf(this.#shift().value));
    return { done: false, value: batch };
  }

  /** The next non-empty text delta. */
  #nextText(): Promise<IteratorResult<string>> {
    while (this.#head < this.#queue.length) {
      const content = this.#shift().value.choices[0]?.delta?.content;
      if (content) return Promise.resolve({ done: false, value: content });
    }
    return this.#pullText();
  }

  /** Reads until the first chunk is parsed or the stream ended; the failure before any chunk. */
  async firstChunk(): Promise<unknown> {
    while (!this.#queue.length && this.#open) {
      this.#watchdog.readStarted();
      await this.#reader.read().then(this.#consume, this.#readFailed);
    }
    return this.#queue.length || this.#state === 'complete' ? undefined : this.#failure;
  }

  /** See `whenComplete` in chat-completion-stream.ts. */
  whenComplete(): Promise<string> {
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

  /** `stream.abort()`: a failure before it stays the outcome, as does a whole answer. */
  abort(): void {
    if (this.#state === 'failed') return;
    this.#failure = ABORTED;
    this.#end('aborted');
  }

  /** The reader left early (`break`, `return`, a throw, a cancelled readable stream). */
  #leave(): Promise<IteratorReturnResult<undefined>> {
    this.#end('aborted');
    return Promise.resolve(DONE);
  }

  /** Whether the outcome is still open: the body is being read or flushed. */
  get #open(): boolean {
    return this.#state === 'reading' || this.#state === 'ending';
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
        if (failure === ABORTED && this.#keep === 'data') throw abortError();
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
      // What follows `[DONE]` is read in the background, so the connection can be reused.
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
      if (this.#keep === 'chunks') this.#queue.push(chunk);
      // The server's own text, unless it spans lines (`data:` lines joined): re-encoded then.
      else if (this.#keep === 'data')
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
   * Leaves `reading` for good: stops the watchdog and the signal listener, settles
   * `whenComplete`, and on an early end releases the body and closes the connection. Called
   * again (an `abort()` or a reader leaving after the end) it only drops what is queued.
   */
  #end(state: 'complete' | 'failed' | 'aborted'): void {
    if (state === 'aborted') {
      this.#head = this.#queue.length = 0;
      this.#unlisten();
    }
    if (!this.#open) return;
    this.#state = state;
    this.#watchdog.stop();
    if (state !== 'complete') {
      this.#unlisten();
      const reason = this.#failure === ABORTED ? abortError() : this.#failure;
      this.#reader.cancel(reason).catch(noop);
      this.#connection?.abort(reason);
    }
    this.#settleCompletion();
  }
}
