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
  /**
   * Fail with `SoatStreamError` when this many characters arrive without completing an event
   * (a line that never ends, say), instead of holding them all in memory. `Infinity`: no bound.
   * @defaultValue 8388608 (8 Mi)
   */
  maxEventSize?: number | undefined;
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

/**
 * What failed, as `toEventStream()` forwards it in its last event's `error.code`, for the page's
 * `parseChatCompletionStream` to throw the same error class again (issue 20 #9). A server's own
 * error event is forwarded as the server sent it.
 */
export enum FailureCode {
  Timeout = 'STREAM_TIMEOUT',
  Connection = 'STREAM_CONNECTION',
  Truncated = 'STREAM_TRUNCATED',
  Invalid = 'STREAM_INVALID',
  Server = 'STREAM_SERVER',
  Aborted = 'STREAM_ABORTED',
}

/** @internal A failure's `[code, message without the request]`, set by the stream core. */
export const failureCode = Symbol();

/**
 * How many characters may arrive without completing an event. 8 Mi: a whole answer sent as one
 * event (a server that ignored `stream: true`, re-encoded) fits with room to spare, and a
 * hostile line costs at most some 16 MB of memory instead of growing without bound.
 */
export const MAX_EVENT_SIZE = 8 * 1024 * 1024;

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
