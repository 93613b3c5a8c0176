import { SoatConnectionError, SoatError, SoatStreamError, SoatTimeoutError } from '../errors.js';
import { ChatCompletionStream, firstChunk } from '../streaming/chat-completion-stream.js';
import { completionAsEventStream } from '../streaming/from-completion.js';
import type { ChatCompletion, ErrorResponse } from '../types.js';
import { type AnswerKind, checkAnswer } from './answer-shape.js';
import type { RequestLine } from './create-api.js';
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
  /** Sends one attempt's request (see `fetchWith` in create-api.ts). */
  fetch: (request: RequestLine) => Promise<Response>;
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

/** What openapi-fetch resolves one attempt to. */
interface AttemptResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** One attempt through openapi-fetch, typed at the call site. */
export type Attempt = (init: AttemptInit) => Promise<AttemptResult>;

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

/** One call, its options resolved against the client's settings. */
interface Call {
  method: string;
  stream: boolean;
  attempt: Attempt;
  answer: AnswerKind | undefined;
  signal: AbortSignal | undefined;
  maxRetries: number;
  timeout: number;
  idle: number;
  headers: Record<string, string> | undefined;
}

/** One attempt in flight: its connection (aborted by the caller, `timeout` or a stall) and what it got to. */
interface Attempting {
  connection: AbortController;
  /** `METHOD /path` once openapi-fetch has built the request, the method alone before. */
  label: () => string;
  started: number;
  /** True from the response headers until the whole body has been read. */
  readingBody: boolean;
  /** True when `fetch` itself failed, as opposed to building the request. */
  fetchFailed: boolean;
  /** Stops the `timeout` timer. */
  stopTimer: () => void;
  /** Stops passing the caller's abort on to the connection. */
  release: () => void;
}

/**
 * Builds the function that runs calls with retries, timeouts, abort and logging, and shapes
 * every answer as `{ data, error, response }`. Only this module knows how an attempt can fail.
 * A call is a loop of four steps: {@link sendAttempt} (one attempt), then for an answer
 * {@link retryDelayFor} (retry it?) and {@link shapeAnswer}, for a failure
 * {@link classifyFailure} (retry it, or which error).
 */
export function createTransport(settings: TransportSettings): Transport {
  /** One log line per attempt; a logger that throws must not change the call's outcome. */
  const log = (attempt: Attempting, status: string, retry: number, response?: Response): void => {
    if (!settings.logger) return;
    const id = response && requestIdOf(response);
    try {
      settings.logger(
        `${attempt.label()} ${status} ${Date.now() - attempt.started}ms retry=${retry}${id ? ` request-id=${id}` : ''}`,
      );
    } catch {}
  };

  /**
   * Starts one attempt: wires the caller's signal and `timeout` to a connection of its own,
   * and hands openapi-fetch a fetch that records how far the attempt got.
   */
  const sendAttempt = (call: Call): { attempting: Attempting; sent: Promise<AttemptResult> } => {
    const { signal } = call;
    const connection = new AbortController();
    const onAbort = () => connection.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    // setTimeout fires at once for a delay over 2^31 - 1 ms, so Infinity would time out every
    // call: a limit that long (about 25 days) is simply no limit.
    const timer =
      call.timeout <= MAX_TIMER_MS
        ? setTimeout(() => connection.abort(TIMED_OUT), call.timeout)
        : undefined;
    let request: RequestLine | undefined;
    const attempting: Attempting = {
      connection,
      label: () => describe(call.method, request),
      started: Date.now(),
      readingBody: false,
      fetchFailed: false,
      stopTimer: () => clearTimeout(timer),
      release: () => signal?.removeEventListener('abort', onAbort),
    };
    const fetch = (line: RequestLine) => {
      request = line;
      return settings.fetch(line).then(
        (response) => {
          attempting.readingBody = true;
          return response;
        },
        (cause: unknown) => {
          attempting.fetchFailed = true;
          // openapi-fetch takes a falsy rejection for no error at all and reads on.
          throw cause || Error(`${cause}`);
        },
      );
    };
    const init: AttemptInit = {
      signal: connection.signal,
      fetch: fetch as unknown as AttemptInit['fetch'],
      parseAs: call.stream ? 'stream' : 'text',
    };
    if (call.headers !== undefined) init.headers = call.headers;
    const sent = (async () => {
      const result = await call.attempt(init);
      if (call.stream && isWholeJsonAnswer(result.response, result.data)) {
        // A server or proxy that ignored `stream: true`: the body is read here, under the
        // same limits as a call without it (issue 11).
        const onIdle = () => connection.abort(IDLE);
        result.data = await readText(result.data, connection.signal, call.idle, onIdle);
      }
      attempting.readingBody = false;
      attempting.stopTimer();
      return result;
    })();
    return { attempting, sent };
  };

  /**
   * What a failed attempt means. Throws at once what must not be retried: the caller's abort,
   * a `SoatError` of ours, a request that could not be built. Otherwise logs the attempt and
   * returns the error to throw, or `undefined` when another attempt may succeed.
   */
  const classifyFailure = (
    call: Call,
    attempting: Attempting,
    error: unknown,
    retry: number,
  ): SoatError | undefined => {
    const { signal } = call;
    const { fetchFailed, readingBody, label } = attempting;
    if (signal?.aborted) throw signal.reason;
    if (error instanceof SoatError && !fetchFailed) throw error;
    const reason = attempting.connection.signal.reason;
    const timedOut = reason === TIMED_OUT || reason === IDLE;
    if (!timedOut && !fetchFailed && !readingBody) {
      // Nothing was sent: openapi-fetch could not build the request. The runtime's message
      // may quote a header value, so it stays in `cause`, out of the message.
      throw new SoatError(
        `${call.method}: could not build the request (a bad header or body); see cause`,
        { cause: error },
      );
    }
    log(attempting, timedOut ? 'timeout' : 'connection error', retry);
    // A body that breaks off or runs out of time after the headers is reported, not sent
    // again: the server has answered (a 201 may already have created the chat), and only
    // failures before any response are retried (issue 4).
    if (retry < call.maxRetries && !readingBody) return undefined;
    if (reason === IDLE) {
      return new SoatTimeoutError(`${label()}: no data for ${call.idle} ms (streamIdleTimeout)`);
    }
    if (timedOut) {
      return new SoatTimeoutError(
        `${label()}: no ${call.stream && !readingBody ? 'response' : 'complete response'} within ${call.timeout} ms (timeout), after ${retry + 1} attempt(s)`,
      );
    }
    const what = readingBody ? 'the connection dropped mid-response' : 'could not reach the server';
    return new SoatConnectionError(
      `${label()}: ${what} (${reasonOf(error)}), after ${retry + 1} attempt(s)`,
      { cause: error },
    );
  };

  /** Turns an answer into the call's result: `{ error }`, parsed data, or a started stream. */
  const shapeAnswer = async <T>(
    call: Call,
    attempting: Attempting,
    result: AttemptResult,
  ): Promise<SoatResult<T>> => {
    const { response } = result;
    const { signal } = call;
    if (!response.ok) return { error: toErrorResponse(result.error, response), response };
    /** A 2xx JSON body, parsed and checked against the shape the operation promises. */
    const parse = (text: string) => {
      const value = parseJsonBody(text, attempting.label, response);
      if (call.answer) checkAnswer(call.answer, value, text, attempting.label());
      return value;
    };
    if (!call.stream) {
      if (result.data === undefined || result.data === '')
        return { data: undefined as T, response };
      return { data: parse(result.data as string) as T, response };
    }
    // openapi-fetch hands no data for an answer it knows is empty (204, Content-Length: 0):
    // an empty stream, which then fails as incomplete. Any other missing body is a fetch
    // that cannot stream, and the stream says so (issue 4).
    const empty = () => response.status === 204 || response.headers.get('content-length') === '0';
    const data = result.data ?? (empty() ? new Response('').body : undefined);
    // A whole JSON completion (read while attempting) still streams, as one chunk; anything
    // else (a captive portal's page) is quoted in a SoatError.
    const body =
      typeof data === 'string'
        ? completionAsEventStream(parse(data) as ChatCompletion)
        : data instanceof ReadableStream
          ? data
          : undefined;
    const chatStream = new ChatCompletionStream(response, {
      label: attempting.label(),
      connection: attempting.connection,
      signal,
      idleTimeout: call.idle,
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
    const call: Call = {
      method,
      stream,
      attempt,
      answer,
      signal,
      maxRetries: options.maxRetries ?? settings.maxRetries,
      timeout: options.timeout ?? settings.timeout,
      idle: options.streamIdleTimeout ?? settings.streamIdleTimeout,
      headers:
        options.headers === undefined
          ? undefined
          : Object.fromEntries(toHeaders(options.headers, method)),
    };
    for (let retry = 0; ; retry++) {
      const { attempting, sent } = sendAttempt(call);
      try {
        const result = await sent;
        const { response } = result;
        rememberRequestLine(response, attempting.label());
        log(attempting, String(response.status), retry, response);
        const delay = retryDelayFor(call, response, retry);
        if (delay !== undefined) {
          await sleep(delay, signal);
          continue;
        }
        return await shapeAnswer<T>(call, attempting, result);
      } catch (error) {
        attempting.stopTimer();
        const failure = classifyFailure(call, attempting, error, retry);
        if (failure) throw failure;
        await sleep(backoffDelay(retry), signal);
      } finally {
        attempting.release();
      }
    }
  };
}

/**
 * How long to wait before sending a call again after this answer, or `undefined` to keep it:
 * a transient status with retries left, unless the server asks for a pause over a minute.
 */
function retryDelayFor(call: Call, response: Response, retry: number): number | undefined {
  if (!isRetryableStatus(response.status, call.method) || retry >= call.maxRetries) return;
  const delay = requestedDelay(response.headers);
  if (delay === undefined || delay <= MAX_RETRY_AFTER_MS) return delay ?? backoffDelay(retry);
}

/** A 2xx answer to a `stream: true` call whose body is not an event stream (a whole JSON body). */
function isWholeJsonAnswer(response: Response, body: unknown): body is ReadableStream<Uint8Array> {
  return response.ok && body instanceof ReadableStream && isWholeBody(response);
}

function describe(method: string, request: RequestLine | undefined): string {
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
