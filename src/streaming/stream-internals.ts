/**
 * The options of a `ChatCompletionStream`, the internal symbols other modules call it by, and
 * the states and helpers its core and its outputs share.
 */
import type { ChatCompletionChunk } from '../types.js';

/** Options of a `ChatCompletionStream`; see `parseChatCompletionStream`. */
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
export const whenComplete = Symbol();

/**
 * Where a stream is. `Reading`: the body is being read; `Ending`: it ended, and what the parser
 * still holds is flushed. `Complete`: `data: [DONE]` arrived (the answer is whole; the rest of the
 * body drains in the background). `Failed`: the body failed, or the signal aborted, first.
 * `Aborted`: `abort()` was called, or the reader left, first. (Numbers in the bundle: esbuild
 * inlines enum values.)
 */
export enum State {
  Reading,
  Ending,
  Complete,
  Failed,
  Aborted,
}

/**
 * What parsed events are queued for the reader: the chunks (`for await`, `textStream`), their
 * JSON text (`toEventStream()`, which forwards it as is), or nothing (`text()`: the text is
 * gathered anyway).
 */
export enum Keep {
  Chunks,
  Data,
  Nothing,
}

/** What the reader gets at the end after `abort()`: a quiet end (an event stream: an error). */
export const ABORTED = Symbol();

/** Does nothing: the default of optional callbacks, and the handler of ignored rejections. */
export const noop = () => {};
/** The end of an iteration. */
export const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
/** What `text()` rejects with after `abort()` or a reader that left early. */
export const abortError = () => new DOMException('The stream was aborted.', 'AbortError');
/** A queued chunk's JSON text: its own when it was kept as text, else serialised. */
export const dataOf = (item: ChatCompletionChunk | string) =>
  typeof item === 'string' ? item : JSON.stringify(item);
