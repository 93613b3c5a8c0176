import { isBranded } from '../core/brand.js';
import { scrubberOf } from '../core/safe-text.js';
import type { ChatCompletionChunk } from '../types.js';
import { eventStreamBytes, eventStreamResponse, textBytes } from './outputs.js';
import { type Core, createCore } from './stream-core.js';
import { type ChatCompletionStreamOptions, firstChunk, whenComplete } from './stream-internals.js';

export { type ChatCompletionStreamOptions, firstChunk, whenComplete } from './stream-internals.js';

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
  /** @internal Names the class for `instanceof` across copies of the package. */
  static readonly soatBrand: string = 'ChatCompletionStream';
  /** Also true for a stream of another copy of this package (its CJS and ESM builds, say). */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` asked about.
    return isBranded(this, value);
  }
  /** The HTTP response the stream is read from. */
  declare readonly response: Response;
  readonly #core: Core;

  /**
   * @internal Use `parseChatCompletionStream`, or a completion call with `stream: true`.
   * @throws `SoatError` when the response has no readable body.
   */
  constructor(response: Response, options: ChatCompletionStreamOptions = {}) {
    this.#core = createCore(options.body ?? response.body, options, scrubberOf(response));
    this.response = response;
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
   * @throws `SoatError` when the stream already has a reader, or `init` is one a `Response`
   * with a body cannot take (a header value with a newline, status 204): the stream is then
   * left unclaimed.
   */
  toResponse(init?: ResponseInit): Response {
    return eventStreamResponse(() => this.toEventStream(), init);
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
   * Stops reading and closes the connection. Iteration then simply ends; a pending or later
   * `text()` rejects with a `DOMException` named `AbortError`, unless the answer was already
   * whole or had failed.
   */
  abort(): void {
    this.#core.abort();
  }

  /** @internal See {@link firstChunk}. */
  [firstChunk](): Promise<unknown> {
    return this.#core.first();
  }

  /** @internal See {@link whenComplete}. */
  [whenComplete](): Promise<string> {
    return this.#core.complete();
  }
}
