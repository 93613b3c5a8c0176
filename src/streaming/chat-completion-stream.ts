import { SoatError } from '../errors.js';
import type { ChatCompletionChunk } from '../types.js';
import { eventStreamBytes, eventStreamResponse, textBytes } from './outputs.js';
import { StreamCore } from './stream-core.js';

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
 * whichever reader reads; rejects with the failure, or an `AbortError` `DOMException` when the
 * stream is aborted or abandoned first. It never claims the stream, and its promise never
 * becomes an unhandled rejection (e.g. for `Conversation`, which appends only whole answers).
 */
export const whenComplete = Symbol('whenComplete');

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
  readonly #core: StreamCore;

  /** @internal Use `parseChatCompletionStream`, or a completion call with `stream: true`. */
  constructor(response: Response, options: ChatCompletionStreamOptions = {}) {
    const body = options.body ?? response.body;
    const label = options.label ?? 'Completion stream';
    if (!body) {
      throw new SoatError(
        `${label}: no readable body: this fetch cannot stream (React Native's default cannot); use one that can, or drop stream: true`,
      );
    }
    this.response = response;
    this.#core = new StreamCore(body, { ...options, label });
  }

  /**
   * Iterates the chunks; throws `SoatStreamError` (or `SoatTimeoutError`) on failure.
   * @throws `SoatError` when the stream already has a reader.
   */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    return this.#core.read('for await', 'chunks');
  }

  /** The non-empty text deltas, one string per chunk. Makes `textStream` the stream's reader. */
  get textStream(): AsyncIterable<string> {
    return { [Symbol.asyncIterator]: () => this.#core.read('textStream', 'text') };
  }

  /**
   * Resolves to the whole answer. Called first, it reads the stream itself; called while another
   * reader reads, or after, it waits for `[DONE]` (or resolves at once if it was reached).
   * @throws `SoatStreamError` or `SoatTimeoutError` when the stream fails; a `DOMException`
   * named `AbortError` after `abort()` or when the reader left early; the signal's `reason` when
   * the call's signal aborts.
   */
  text(): Promise<string> {
    return this.#core.text();
  }

  /**
   * A web `ReadableStream` of the UTF-8 text deltas. A failure errors the readable stream;
   * cancelling it closes the connection. To forward a completion with its failures, use
   * `toEventStream()`.
   * @throws `SoatError` when the stream already has a reader.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    return textBytes(this.#core.read('toReadableStream()', 'text'));
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
    return eventStreamBytes(this.#core.read('toEventStream()', 'data'));
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
   * whole or had failed.
   */
  abort(): void {
    this.#core.abort();
  }

  /** @internal */
  [firstChunk](): Promise<unknown> {
    return this.#core.firstChunk();
  }

  /** @internal See {@link whenComplete}. */
  [whenComplete](): Promise<string> {
    return this.#core.whenComplete();
  }
}
