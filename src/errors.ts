/**
 * The errors this SDK throws. An HTTP error status is never thrown: it comes back as
 * `{ error, response }`. What cannot be expressed as a response (an unreachable server, a
 * timeout, a stream that breaks after it began, a misuse of the API) is thrown as a `SoatError`.
 * An abort through a `signal` rejects with the signal's own `reason`, as the web platform does.
 */

import { isBranded } from './core/brand.js';

/** Base class of every error this SDK throws. */
export class SoatError extends Error {
  /** @internal Names the class for `instanceof` across copies of the package. */
  static readonly soatBrand: string = 'SoatError';
  /** Also true for an error of another copy of this package (its CJS and ESM builds, say). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` asked about.
    return isBranded(this, value);
  }

  /** `options.cause` becomes `cause` when it is defined; `name` is the class's brand. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = (new.target as unknown as { soatBrand: string }).soatBrand;
  }
}

/**
 * The server could not be reached, or the connection dropped before a response arrived, after
 * every retry. The runtime's original error is kept as `cause`.
 */
export class SoatConnectionError extends SoatError {
  /** @internal Names the class for `instanceof` across copies of the package. */
  static override readonly soatBrand: string = 'SoatConnectionError';
}

/**
 * A time limit ran out: `timeout` (no response, or no whole body, in time) or
 * `streamIdleTimeout` (a stream received no bytes for that long). From a stream it carries the
 * text received before the stall in `partialText`.
 */
export class SoatTimeoutError extends SoatError {
  /** @internal Names the class for `instanceof` across copies of the package. */
  static override readonly soatBrand: string = 'SoatTimeoutError';
  /** The text delivered before the stall; `undefined` when no stream was involved. */
  declare readonly partialText: string | undefined;

  constructor(message: string, options?: { partialText?: string; cause?: unknown }) {
    super(message, options);
    this.partialText = options?.partialText;
  }
}

/**
 * A completion stream failed after it began: the server sent an error event, the body ended
 * before `data: [DONE]`, an event was not JSON, or the network failed mid-body (the original
 * error is `cause`). `partialText` holds the text received before the failure, so nothing
 * delivered is lost.
 */
export class SoatStreamError extends SoatError {
  /** @internal Names the class for `instanceof` across copies of the package. */
  static override readonly soatBrand: string = 'SoatStreamError';
  /** The text received before the failure. */
  declare readonly partialText: string;
  /** The `error` value of the server's error event, when the failure was one. */
  declare readonly serverError: unknown;

  constructor(
    message: string,
    options: { partialText: string; cause?: unknown; serverError?: unknown },
  ) {
    super(message, options);
    this.partialText = options.partialText;
    this.serverError = options.serverError;
  }
}

type ErrorResponse = import('./types.js').ErrorResponse;

/**
 * An error status (or an error event opening a stream) turned into an exception by `unwrap`.
 * The message reads `404 RESOURCE_NOT_FOUND: Chat 'chat_x' not found. (GET /api/v1/chats/chat_x)`.
 */
export class SoatApiError extends SoatError {
  /** @internal Names the class for `instanceof` across copies of the package. */
  static override readonly soatBrand: string = 'SoatApiError';
  /** The HTTP status (200 for an error event that opened a stream). */
  declare readonly status: number;
  /** The error object's `code` (`RESOURCE_NOT_FOUND`); `undefined` for the string shape. */
  declare readonly code: string | undefined;
  /** The `ErrorResponse` body: `{ error: "text" }` or `{ error: { code, message, meta? } }`. */
  declare readonly error: ErrorResponse;
  /**
   * The HTTP response. Not enumerable, so that `util.inspect(error)` and logs of the error do not
   * print its headers, which may echo a credential (issue 20 #3).
   */
  declare readonly response: Response;
  /** The response's `x-request-id` (or `request-id`) header, when the server sent one. */
  declare readonly requestId: string | undefined;

  constructor(
    message: string,
    options: { error: ErrorResponse; response: Response; requestId?: string | undefined },
  ) {
    super(message);
    this.status = options.response.status;
    // A string `error` has no `code`: reading it gives `undefined`.
    this.code = (options.error?.error as { code?: string } | undefined)?.code;
    this.error = options.error;
    Object.defineProperty(this, 'response', { value: options.response });
    this.requestId = options.requestId;
  }
}
