import { SoatConnectionError, SoatError, SoatStreamError, SoatTimeoutError } from '../errors.js';
import { ChatCompletionStream, firstChunk } from '../streaming/chat-completion-stream.js';
import { completionAsEventStream } from '../streaming/from-completion.js';
import type { ErrorResponse } from '../types.js';
import { parseJsonBody, toErrorResponse } from './error-body.js';
import { toHeaders } from './headers.js';
import type { RequestOptions, SoatResult } from './options.js';
import { readText } from './read-text.js';
import { rememberRequestLine, requestIdOf } from './request-id.js';
import {
  backoffDelay,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  requestedDelay,
} from './retry-policy.js';
import { sleep } from './sleep.js';
import { MAX_TIMER_MS } from './timers.js';

/** Settings every call starts from; per-call `RequestOptions` override them. */
export interface TransportSettings {
  fetch: (request: Request) => Promise<Response>;
  maxRetries: number;
  timeout: number;
  streamIdleTimeout: number;
  logger: ((line: string) => void) | undefined;
}

/** What one attempt hands openapi-fetch: the attempt's signal, fetch, and how to read the body. */
export interface AttemptInit {
  signal: AbortSignal;
  fetch: (request: Request) => Promise<Response>;
  parseAs: 'text' | 'stream';
  headers?: Record<string, string>;
}

/** One attempt through openapi-fetch, typed at the call site. */
export type Attempt = (
  init: AttemptInit,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** Marks an error thrown by `fetch` itself, as opposed to one from building the request. */
class FetchFailure {
  constructor(readonly cause: unknown) {}
}

const TIMED_OUT = Symbol('timed out');
const IDLE = Symbol('idle');

/**
 * Runs calls with retries, timeouts, abort and logging, and shapes every answer as
 * `{ data, error, response }`. Only this module knows how an attempt can fail.
 */
export class Transport {
  readonly #settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
  }

  /**
   * Sends a call and resolves to its result. `stream` asks for a `ChatCompletionStream`.
   * @throws the signal's `reason` on abort; `SoatConnectionError` or `SoatTimeoutError` when
   * every attempt failed to get an answer; `SoatError` for a 2xx body that is not what it claims.
   */
  async send<T>(
    method: string,
    options: RequestOptions,
    stream: boolean,
    attempt: Attempt,
  ): Promise<SoatResult<T>> {
    const signal = options.signal;
    if (signal?.aborted) throw signal.reason;
    const maxRetries = options.maxRetries ?? this.#settings.maxRetries;
    const timeout = options.timeout ?? this.#settings.timeout;
    const idle = options.streamIdleTimeout ?? this.#settings.streamIdleTimeout;
    const headers =
      // Stryker disable next-line ConditionalExpression: `toHeaders(undefined)` is an empty Headers, which adds no header either
      options.headers === undefined
        ? undefined
        : Object.fromEntries(toHeaders(options.headers, method));
    for (let retry = 0; ; retry++) {
      const connection = new AbortController();
      // Stryker disable next-line OptionalChaining: the listener is added only when there is a signal
      const onAbort = () => connection.abort(signal?.reason);
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: an AbortSignal fires `abort` once, and `finally` removes the listener
      signal?.addEventListener('abort', onAbort, { once: true });
      // setTimeout fires at once for a delay over 2^31 - 1 ms, so Infinity would time out every
      // call: a limit that long (about 25 days) is simply no limit.
      const timer =
        // Stryker disable next-line EqualityOperator: at exactly 2^31 - 1 ms, a 24.8-day timer and no timer cannot be told apart
        timeout <= MAX_TIMER_MS
          ? setTimeout(() => connection.abort(TIMED_OUT), timeout)
          : undefined;
      const started = Date.now();
      let request: Request | undefined;
      // True from the response headers until openapi-fetch has read the whole body.
      let readingBody = false;
      const fetch = (req: Request) => {
        request = req;
        return this.#settings.fetch(req).then(
          (response) => {
            readingBody = true;
            return response;
          },
          (cause: unknown) => {
            throw new FetchFailure(cause);
          },
        );
      };
      const init: AttemptInit = {
        signal: connection.signal,
        fetch,
        parseAs: stream ? 'stream' : 'text',
      };
      // Stryker disable next-line ConditionalExpression: openapi-fetch takes `headers: undefined` as no headers
      if (headers !== undefined) init.headers = headers;
      const label = () => describe(method, request);
      try {
        const result = await attempt(init);
        if (stream && isWholeJsonAnswer(result.response, result.data)) {
          // A server or proxy that ignored `stream: true`: the body is read here, under the
          // same limits as a call without it (issue 11).
          const onIdle = () => connection.abort(IDLE);
          result.data = await readText(result.data, connection.signal, idle, onIdle);
        }
        // Stryker disable next-line BooleanLiteral: past here only a SoatError or the signal's reason is thrown, and the catch rethrows both before reading it
        readingBody = false;
        clearTimeout(timer);
        const { response } = result;
        rememberRequestLine(response, label());
        this.#log(label, String(response.status), started, retry, response);
        if (isRetryableStatus(response.status, method) && retry < maxRetries) {
          const delay = requestedDelay(response.headers);
          if (delay === undefined || delay <= MAX_RETRY_AFTER_MS) {
            await sleep(delay ?? backoffDelay(retry), signal);
            continue;
          }
        }
        if (!response.ok) return { error: toErrorResponse(result.error, response), response };
        if (stream) {
          // openapi-fetch hands no data for an answer it knows is empty (204, Content-Length: 0):
          // an empty stream, which then fails as incomplete. Any other missing body is a fetch
          // that cannot stream, and the stream says so (issue 4).
          const empty = response.status === 204 || response.headers.get('content-length') === '0';
          const body = result.data ?? (empty ? new Response('').body : undefined);
          return (await this.#openStream(
            body,
            response,
            connection,
            label(),
            options,
          )) as SoatResult<T>;
        }
        if (result.data === undefined || result.data === '')
          return { data: undefined as T, response };
        return { data: parseJsonBody(result.data as string, label, response) as T, response };
      } catch (error) {
        clearTimeout(timer);
        if (signal?.aborted) throw signal.reason;
        if (error instanceof SoatError) throw error;
        const reason = connection.signal.reason;
        const timedOut = reason === TIMED_OUT || reason === IDLE;
        if (!timedOut && !(error instanceof FetchFailure) && !readingBody) {
          // Nothing was sent: openapi-fetch could not build the request. The runtime's message
          // may quote a header value, so it stays in `cause`, out of the message.
          throw new SoatError(
            `${method}: could not build the request (a header value a header cannot carry, or a body that cannot be serialised as JSON); see cause`,
            { cause: error },
          );
        }
        this.#log(label, timedOut ? 'timeout' : 'connection error', started, retry);
        // A body that breaks off or runs out of time after the headers is reported, not sent
        // again: the server has answered (a 201 may already have created the chat), and only
        // failures before any response are retried (issue 4).
        if (retry < maxRetries && !readingBody) {
          await sleep(backoffDelay(retry), signal);
          continue;
        }
        if (reason === IDLE) {
          throw new SoatTimeoutError(`${label()}: no data for ${idle} ms (streamIdleTimeout)`);
        }
        if (timedOut) {
          throw new SoatTimeoutError(
            `${label()}: no ${stream && !readingBody ? 'response' : 'complete response'} within ${timeout} ms (timeout), after ${retry + 1} attempt(s)`,
          );
        }
        const cause = error instanceof FetchFailure ? error.cause : error;
        const what = readingBody
          ? 'the connection dropped before the whole response arrived'
          : 'could not reach the server';
        throw new SoatConnectionError(
          `${label()}: ${what} (${reasonOf(cause)}), after ${retry + 1} attempt(s)`,
          { cause },
        );
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  async #openStream(
    body: unknown,
    response: Response,
    connection: AbortController,
    label: string,
    options: RequestOptions,
  ): Promise<SoatResult<ChatCompletionStream>> {
    // A whole JSON completion (read by `send`) still streams, as one chunk; anything else (a
    // captive portal's page) is quoted in a SoatError.
    const source =
      typeof body === 'string'
        ? completionAsEventStream(
            parseJsonBody(body, () => label, response),
            body,
            label,
          )
        : body instanceof ReadableStream
          ? body
          : undefined;
    const stream = new ChatCompletionStream(response, {
      label,
      connection,
      signal: options.signal,
      idleTimeout: options.streamIdleTimeout ?? this.#settings.streamIdleTimeout,
      body: source,
    });
    // The server reports a missing provider or chat as the stream's first event: wait for it so
    // that one `if (error)` covers both modes. The first delta is then handed on at once.
    const failure = await stream[firstChunk]();
    // Stryker disable next-line ConditionalExpression: a signal that aborted during the first chunk made that reason the stream's failure, thrown just below
    if (options.signal?.aborted) throw options.signal.reason;
    // A stream that failed before delivering anything is no stream: the call fails instead.
    if (failure instanceof SoatStreamError && failure.serverError !== undefined) {
      return { error: { error: failure.serverError } as ErrorResponse, response };
    }
    if (failure !== undefined) throw failure;
    return { data: stream, response };
  }

  #log(
    label: () => string,
    status: string,
    started: number,
    retry: number,
    response?: Response,
  ): void {
    const id = response && requestIdOf(response);
    // A logger that throws must not change the call's outcome.
    try {
      // Stryker disable next-line OptionalChaining: without a logger the TypeError is swallowed by the catch below, as is any logger's throw
      this.#settings.logger?.(
        `${label()} ${status} ${Date.now() - started}ms retry=${retry}${id ? ` request-id=${id}` : ''}`,
      );
    } catch {}
  }
}

/** A 2xx answer to a `stream: true` call whose body is not an event stream (a whole JSON body). */
function isWholeJsonAnswer(response: Response, body: unknown): body is ReadableStream<Uint8Array> {
  const type = response.headers.get('content-type');
  // Stryker disable next-line LogicalOperator: openapi-fetch hands no data for an error status, so `body` is then no ReadableStream either way
  return response.ok && body instanceof ReadableStream && !!type && !/event-stream/i.test(type);
}

function describe(method: string, request: Request | undefined): string {
  if (!request) return method;
  const url = new URL(request.url);
  return `${request.method} ${url.pathname}`;
}

function reasonOf(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof inner?.code === 'string') return inner.code;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
