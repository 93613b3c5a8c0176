import type { ErrorResponse } from '../types.js';
import type { HeadersOption } from './headers.js';

/** Options every call accepts beside `path`, `query` and `body`. */
export interface RequestOptions {
  /** Aborts the call, or the stream it returned; the call rejects with the signal's `reason`. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call only: a `Headers`, `[name, value]` pairs or a record. */
  headers?: HeadersOption | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /** Overrides the client's `timeout` (ms) for this call. */
  timeout?: number | undefined;
  /** Overrides the client's `streamIdleTimeout` (ms) for this call. */
  streamIdleTimeout?: number | undefined;
}

/**
 * What every call resolves to. Check `error` first: it is set, with the server's
 * `ErrorResponse`, for any error status (and for an error the server sends as a stream's first
 * event); otherwise `data` holds the answer. `response` is the HTTP response either way.
 */
export type SoatResult<T> =
  | { data: T; error?: never; response: Response }
  | { data?: never; error: ErrorResponse; response: Response };
