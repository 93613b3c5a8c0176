import { SoatConnectionError, SoatError, SoatStreamError, SoatTimeoutError } from '../errors.js';
import { ChatCompletionStream, firstChunk } from '../streaming/chat-completion-stream.js';
import { completionAsEventStream } from '../streaming/from-completion.js';
import type { ChatCompletion, ErrorResponse } from '../types.js';
import { type AnswerKind, checkAnswer } from './answer-shape.js';
import { parseJsonBody, toErrorResponse } from './error-body.js';
import { isWholeBody, toHeaders } from './headers.js';
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
  /** See `ChatCompletionStreamOptions.maxEventSize`. */
  maxEventSize?: number | undefined;
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

const TIMED_OUT = Symbol('timed out');
const IDLE = Symbol('idle');

/**
 * Sends a call and resolves to its result. `stream` asks for a `ChatCompletionStream`.
 * @throws the signal's `reason` on abort; `SoatConnectionError` or `SoatTimeoutError` when
 * every attempt failed to get an answer; `SoatError` for a 2xx body that is not what it claims.
 */
export type Transport = <T>(
  method: string,
  options: RequestOptions,
  stream: boolean,
  attempt: Attempt,
  answer?: AnswerKind,
) => Promise<SoatResult<T>>;

/**
 * Builds the function that runs calls with retries, timeouts, abort and logging, and shapes
 * every answer as `{ data, error, response }`. Only this module knows how an attempt can fail.
 */
export function createTransport(settings: TransportSettings): Transport {
  /** One log line per attempt; a logger that throws must not change the call's outcome. */
  const log = (
    label: () => string,
    status: string,
    started: number,
    retry: number,
    response?: Response,
  ): void => {
    if (!settings.logger) return;
    const id = response && requestIdOf(response);
    try {
      settings.logger(
        `${label()} ${status} ${Date.now() - started}ms retry=${retry}${id ? ` request-id=${id}` : ''}`,
      );
    } catch {}
  };

  return async function send<T>(
    method: string,
    options: RequestOptions,
    stream: boolean,
    attempt: Attempt,
    answer?: AnswerKind,
  ): Promise<SoatResult<T>> {
    const signal = options.signal;
    if (signal?.aborted) throw signal.reason;
    const maxRetries = options.maxRetries ?? settings.maxRetries;
    const timeout = options.timeout ?? settings.timeout;
    const idle = options.streamIdleTimeout ?? settings.streamIdleTimeout;
    const headers =
      options.headers === undefined
        ? undefined
        : Object.fromEntries(toHeaders(options.headers, method));
    for (let retry = 0; ; retry++) {
      const connection = new AbortController();
      const onAbort = () => connection.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      // setTimeout fires at once for a delay over 2^31 - 1 ms, so Infinity would time out every
      // call: a limit that long (about 25 days) is simply no limit.
      const timer =
        timeout <= MAX_TIMER_MS
          ? setTimeout(() => connection.abort(TIMED_OUT), timeout)
          : undefined;
      const started = Date.now();
      let request: Request | undefined;
      // True from the response headers until openapi-fetch has read the whole body.
      let readingBody = false;
      // True when `fetch` itself failed, as opposed to building the request.
      let fetchFailed = false;
      const fetch = (req: Request) => {
        request = req;
        return settings.fetch(req).then(
          (response) => {
            readingBody = true;
            return response;
          },
          (cause: unknown) => {
            fetchFailed = true;
            // openapi-fetch takes a falsy rejection for no error at all and reads on.
            throw cause || Error(`${cause}`);
          },
        );
      };
      const init: AttemptInit = {
        signal: connection.signal,
        fetch,
        parseAs: stream ? 'stream' : 'text',
      };
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
        readingBody = false;
        clearTimeout(timer);
        const { response } = result;
        rememberRequestLine(response, label());
        log(label, String(response.status), started, retry, response);
        if (isRetryableStatus(response.status, method) && retry < maxRetries) {
          const delay = requestedDelay(response.headers);
          if (delay === undefined || delay <= MAX_RETRY_AFTER_MS) {
            await sleep(delay ?? backoffDelay(retry), signal);
            continue;
          }
        }
        if (!response.ok) return { error: toErrorResponse(result.error, response), response };
        /** A 2xx JSON body, parsed and checked against the shape the operation promises. */
        const parse = (text: string) => {
          const value = parseJsonBody(text, label, response);
          if (answer) checkAnswer(answer, value, text, label());
          return value;
        };
        if (stream) {
          // openapi-fetch hands no data for an answer it knows is empty (204, Content-Length: 0):
          // an empty stream, which then fails as incomplete. Any other missing body is a fetch
          // that cannot stream, and the stream says so (issue 4).
          const empty = () =>
            response.status === 204 || response.headers.get('content-length') === '0';
          const data = result.data ?? (empty() ? new Response('').body : undefined);
          // A whole JSON completion (read above) still streams, as one chunk; anything else (a
          // captive portal's page) is quoted in a SoatError.
          const body =
            typeof data === 'string'
              ? completionAsEventStream(parse(data) as ChatCompletion)
              : data instanceof ReadableStream
                ? data
                : undefined;
          const chatStream = new ChatCompletionStream(response, {
            label: label(),
            connection,
            signal,
            idleTimeout: idle,
            maxEventSize: settings.maxEventSize,
            body,
          });
          // The server reports a missing provider or chat as the stream's first event: wait for
          // it so that one `if (error)` covers both modes. The first delta is then handed on at once.
          const failure = await chatStream[firstChunk]();
          if (signal?.aborted) throw signal.reason;
          // A stream that failed before delivering anything is no stream: the call fails instead.
          if (failure instanceof SoatStreamError && failure.serverError !== undefined) {
            return { error: { error: failure.serverError } as ErrorResponse, response };
          }
          if (failure !== undefined) throw failure;
          return { data: chatStream as T, response };
        }
        if (result.data === undefined || result.data === '')
          return { data: undefined as T, response };
        return { data: parse(result.data as string) as T, response };
      } catch (error) {
        clearTimeout(timer);
        if (signal?.aborted) throw signal.reason;
        if (error instanceof SoatError && !fetchFailed) throw error;
        const reason = connection.signal.reason;
        const timedOut = reason === TIMED_OUT || reason === IDLE;
        if (!timedOut && !fetchFailed && !readingBody) {
          // Nothing was sent: openapi-fetch could not build the request. The runtime's message
          // may quote a header value, so it stays in `cause`, out of the message.
          throw new SoatError(
            `${method}: could not build the request (a bad header or body); see cause`,
            { cause: error },
          );
        }
        log(label, timedOut ? 'timeout' : 'connection error', started, retry);
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
        const what = readingBody
          ? 'the connection dropped mid-response'
          : 'could not reach the server';
        throw new SoatConnectionError(
          `${label()}: ${what} (${reasonOf(error)}), after ${retry + 1} attempt(s)`,
          { cause: error },
        );
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }
  };
}

/** A 2xx answer to a `stream: true` call whose body is not an event stream (a whole JSON body). */
function isWholeJsonAnswer(response: Response, body: unknown): body is ReadableStream<Uint8Array> {
  return response.ok && body instanceof ReadableStream && isWholeBody(response);
}

function describe(method: string, request: Request | undefined): string {
  if (!request) return method;
  const url = new URL(request.url);
  return `${request.method} ${url.pathname}`;
}

function reasonOf(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof inner?.code === 'string') return inner.code;
  // undici's own "fetch failed" says less than its cause ("bad port", say).
  if (typeof inner?.message === 'string') return inner.message;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
