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

/** @internal Reads until the first event is parsed, the body ends, or the stream fails. */
export const peekFirstEvent = Symbol('peekFirstEvent');

/** @internal The failure that ended the stream before its first chunk, if one did. */
export const failureBeforeFirstChunk = Symbol('failureBeforeFirstChunk');

type Consumer = 'for await' | 'textStream' | 'text()' | 'toReadableStream()';

const noop = () => {};

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
    onError: (error) => this.#onParseError(error),
  });
  readonly #label: string;
  readonly #connection: AbortController | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onSignalAbort = () => this.#stop((this.#signal as AbortSignal).reason);
  #queue: ChatCompletionChunk[] = [];
  #head = 0;
  #text = '';
  #keepChunks = true;
  #doneSeen = false;
  #flushing = false;
  /** The body is done with: read to the end, failed, or cancelled. */
  #finished = false;
  /** The consumer has seen the end (done or a throw): nothing more can change. */
  #settled = false;
  #abortedByConsumer = false;
  #failure: unknown;
  #consumer: Consumer | undefined;
  readonly #watchdog: IdleWatchdog;

  /** @internal Use `parseChatCompletionStream`, or a completion call with `stream: true`. */
  constructor(response: Response, options: ChatCompletionStreamOptions = {}) {
    const body = options.body ?? response.body;
    if (!body) {
      throw new SoatError(
        `${options.label ?? 'Completion stream'}: the response has no readable body. This runtime's fetch does not stream (React Native's default fetch is one); use a fetch that supports ReadableStream bodies, or call without stream: true.`,
      );
    }
    this.response = response;
    this.#reader = body.getReader();
    this.#label = options.label ?? 'Completion stream';
    this.#connection = options.connection;
    this.#signal = options.signal;
    const idleTimeout = options.idleTimeout ?? Number.POSITIVE_INFINITY;
    this.#watchdog = new IdleWatchdog(idleTimeout, () =>
      this.#fail(
        new SoatTimeoutError(
          `${this.#label}: no data for ${idleTimeout} ms (streamIdleTimeout); the answer is incomplete`,
          { partialText: this.#text },
        ),
      ),
    );
    if (this.#signal?.aborted) this.#stop(this.#signal.reason);
    else this.#signal?.addEventListener('abort', this.#onSignalAbort, { once: true });
  }

  /** Iterates the chunks; throws `SoatStreamError` (or `SoatTimeoutError`) on failure. */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    this.#claim('for await');
    return {
      next: () => this.#nextChunk(),
      return: () => this.#leave(),
    };
  }

  /** The non-empty text deltas, one string per chunk. Starts the stream's one consumption. */
  get textStream(): AsyncIterable<string> {
    return { [Symbol.asyncIterator]: () => this.#textIterator('textStream') };
  }

  /**
   * Reads the whole answer and resolves to its text.
   * @throws `SoatStreamError` or `SoatTimeoutError` when the stream fails; a `DOMException`
   * named `AbortError` after `abort()`; the signal's `reason` when the call's signal aborts.
   */
  async text(): Promise<string> {
    if (this.#abortedByConsumer) throw abortError();
    this.#claim('text()');
    // The text is gathered as events are parsed; the chunks themselves are not needed.
    this.#keepChunks = false;
    this.#head = this.#queue.length = 0;
    while (!this.#finished) await this.#readOnce();
    this.#settle();
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#abortedByConsumer) throw abortError();
    return this.#text;
  }

  /**
   * A web `ReadableStream` of the UTF-8 text deltas, e.g. to answer from a route handler:
   * `return new Response(stream.toReadableStream())`. A failure errors the readable stream;
   * cancelling it closes the connection.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    const texts = this.#textIterator('toReadableStream()');
    const encoder = new TextEncoder();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const result = await texts.next();
          if (result.done) controller.close();
          else controller.enqueue(encoder.encode(result.value));
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: () => this.#close(),
    });
  }

  /**
   * Stops reading and closes the connection. Iteration then simply ends; a pending or later
   * `text()` rejects with a `DOMException` named `AbortError`.
   */
  abort(): void {
    if (this.#settled || this.#failure !== undefined) return;
    this.#abortedByConsumer = true;
    this.#head = this.#queue.length = 0;
    this.#close();
  }

  /** @internal */
  async [peekFirstEvent](): Promise<void> {
    while (this.#queue.length === 0 && !this.#finished) await this.#readOnce();
  }

  /** @internal */
  [failureBeforeFirstChunk](): unknown {
    return this.#queue.length === 0 ? this.#failure : undefined;
  }

  #claim(consumer: Consumer): void {
    if (this.#consumer !== undefined) {
      throw new SoatError(
        `This ChatCompletionStream is already being read by ${this.#consumer}; ${consumer} cannot read it too. A stream has one consumer: pick one of for await, textStream, text() and toReadableStream().`,
      );
    }
    this.#consumer = consumer;
  }

  #textIterator(consumer: Consumer): AsyncIterator<string> {
    this.#claim(consumer);
    const next = async (): Promise<IteratorResult<string>> => {
      for (;;) {
        const result = await this.#nextChunk();
        if (result.done) return result;
        const content = result.value.choices[0]?.delta?.content;
        if (content) return { done: false, value: content };
      }
    };
    return {
      next,
      return: () => this.#leave(),
    };
  }

  #nextChunk(): Promise<IteratorResult<ChatCompletionChunk>> {
    if (this.#head < this.#queue.length) {
      return Promise.resolve({ done: false, value: this.#shift() });
    }
    return this.#pullChunk();
  }

  async #pullChunk(): Promise<IteratorResult<ChatCompletionChunk>> {
    for (;;) {
      if (this.#head < this.#queue.length) return { done: false, value: this.#shift() };
      if (this.#failure !== undefined) {
        this.#settle();
        throw this.#failure;
      }
      if (this.#finished) {
        this.#settle();
        return { done: true, value: undefined };
      }
      await this.#readOnce();
    }
  }

  /** The consumer left early (`break`, `return`, a throw, a cancelled readable stream). */
  #leave(): Promise<IteratorResult<never>> {
    this.#close();
    this.#settle();
    return Promise.resolve({ done: true, value: undefined });
  }

  #shift(): ChatCompletionChunk {
    const chunk = this.#queue[this.#head++] as ChatCompletionChunk;
    if (this.#head === this.#queue.length) this.#head = this.#queue.length = 0;
    return chunk;
  }

  async #readOnce(): Promise<void> {
    let result: ReadableStreamReadResult<Uint8Array>;
    this.#watchdog.readStarted();
    try {
      result = await this.#reader.read();
    } catch (cause) {
      this.#watchdog.readEnded();
      this.#fail(
        cause instanceof SoatError
          ? cause
          : new SoatStreamError(`${this.#label}: the connection failed mid-stream`, {
              cause,
              partialText: this.#text,
            }),
      );
      return;
    }
    this.#watchdog.readEnded();
    if (this.#finished) return;
    if (result.done) {
      this.#flushAtEnd();
      return;
    }
    this.#parser.feed(this.#decoder.decode(result.value, { stream: true }));
    if (this.#doneSeen) this.#finish();
  }

  #flushAtEnd(): void {
    // A last event without its blank line still counts; a cut-off one is a truncated body.
    this.#flushing = true;
    this.#parser.feed(`${this.#decoder.decode()}\n\n`);
    if (this.#doneSeen) this.#finish();
    else this.#fail(this.#truncated());
  }

  #truncated(): SoatStreamError {
    return new SoatStreamError(
      `${this.#label}: the stream ended before [DONE]; the answer is incomplete`,
      { partialText: this.#text },
    );
  }

  #onEvent(event: EventSourceMessage): void {
    if (this.#doneSeen || this.#finished) return;
    const data = event.data;
    if (data === '[DONE]') {
      this.#doneSeen = true;
      return;
    }
    const chunk = this.#decode(data);
    if (chunk instanceof SoatStreamError) {
      this.#fail(chunk);
      return;
    }
    const content = chunk.choices[0]?.delta?.content;
    if (typeof content === 'string') this.#text += content;
    if (this.#keepChunks) this.#queue.push(chunk);
  }

  /** Parses one event's data into a chunk, or the error that the event means. */
  #decode(data: string): ChatCompletionChunk | SoatStreamError {
    let value: (ChatCompletionChunk & { error?: unknown }) | null;
    try {
      value = JSON.parse(data);
    } catch (cause) {
      if (this.#flushing) return this.#truncated();
      return new SoatStreamError(`${this.#label}: a stream event is not JSON: ${quote(data)}`, {
        cause,
        partialText: this.#text,
      });
    }
    if (typeof value === 'object' && value !== null && value.error !== undefined) {
      return new SoatStreamError(
        `${this.#label}: the server reported an error mid-stream: ${describeServerError(value.error)}`,
        { partialText: this.#text, serverError: value.error },
      );
    }
    if (typeof value !== 'object' || value === null || !Array.isArray(value.choices)) {
      return new SoatStreamError(
        `${this.#label}: a stream event is not a completion chunk: ${quote(data)}`,
        { partialText: this.#text },
      );
    }
    return value;
  }

  #onParseError(error: ParseError): void {
    // A bad `retry:` value is harmless; any other line we cannot read could hold answer text.
    if (error.type === 'invalid-retry') return;
    this.#fail(
      new SoatStreamError(
        `${this.#label}: the body is not a valid event stream (${error.message}): ${quote(error.line ?? '')}`,
        { cause: error, partialText: this.#text },
      ),
    );
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

  #finish(): void {
    this.#close();
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
    if (!this.#doneSeen || this.#watchdog.reading) this.#connection?.abort(reason ?? abortError());
  }
}

function abortError(): DOMException {
  return new DOMException('The stream was aborted.', 'AbortError');
}
