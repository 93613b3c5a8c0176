import { SoatConnectionError, SoatError, SoatStreamError, SoatTimeoutError } from '../errors.js';
import { ChatCompletionStream, firstChunk } from '../streaming/chat-completion-stream.js';
import { completionAsEventStream } from '../streaming/from-completion.js';
import type { ChatCompletion, ErrorResponse } from '../types.js';
import { onAbort } from './abort-listener.js';
import { type AnswerKind, checkAnswer } from './answer-shape.js';
import { describeRequest, type RequestLine } from './create-api.js';
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
import { rememberScrubber, type Scrub, scrubberOf } from './safe-text.js';
import { sleep } from './sleep.js';
import { MAX_TIMER_MS } from './timers.js';

/** Settings every call starts from; per-call `RequestOptions` override them. */
export interface TransportSettings {
  /** Sends one attempt's request (see `fetchWith` in create-api.ts). */
  fetch: (request: RequestLine) => Promise<Response>;
  maxRetries: number;
  timeout: number;
  streamIdleTimeout: number;
  /** See `ChatCompletionStreamOptions.maxEventSize`. */
  maxEventSize?: number | undefined;
  /** Receives one line per attempt; must not throw (`createLog`'s `info` catches for it). */
  logger: ((line: string) => void) | undefined;
  /** Scrubs the client's token from text quoted out of each response (safe-text.ts). */
  scrub?: Scrub | undefined;
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

/**
 * Builds the function that runs calls with retries, timeouts, abort and logging, and shapes
 * every answer as `{ data, error, response }`. Only this module knows how an attempt can fail.
 * A call is a loop of named steps: `sendAttempt` (one attempt), then for an answer
 * {@link retryDelayFor} (send it again?) and `shapeAnswer`, for a failure `classifyFailure`
 * (send it again, or which error).
 */
export function createTransport(settings: TransportSettings): Transport {
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

    // The attempt in flight, set up by `sendAttempt`: its connection (aborted by the caller,
    // `timeout` or a stall), its request once openapi-fetch has built it, and how far it got.
    let connection: AbortController;
    let request: RequestLine | undefined;
    let started: number;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** True from the response headers until the whole body has been read. */
    let readingBody: boolean;
    /** True when `fetch` itself failed, as opposed to building the request. */
    let fetchFailed: boolean;
    const label = () => (request ? describeRequest(request) : method);

    /** One log line per attempt (`settings.logger` itself never throws: see `createLog`). */
    const log = (status: string, retry: number, response?: Response): void => {
      const id = response && requestIdOf(response);
      settings.logger?.(
        `${label()} ${status} ${Date.now() - started}ms retry=${retry}${id ? ` request-id=${id}` : ''}`,
      );
    };

    /**
     * One attempt on `connection`: under `timeout`, through a fetch that records how far it
     * got; for a stream, up to its headers (or a whole JSON body, read under the idle limit).
     */
    const sendAttempt = async (): Promise<AttemptResult> => {
      const current = connection;
      request = undefined;
      readingBody = fetchFailed = false;
      started = Date.now();
      // setTimeout fires at once for a delay over 2^31 - 1 ms, so Infinity would time out every
      // call: a limit that long (about 25 days) is simply no limit.
      timer =
        timeout <= MAX_TIMER_MS ? setTimeout(() => current.abort(TIMED_OUT), timeout) : undefined;
      const fetch = (line: RequestLine) => {
        request = line;
        return settings.fetch(line).then(
          (response) => {
            readingBody = true;
            if (settings.scrub) rememberScrubber(response, settings.scrub);
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
        signal: current.signal,
        fetch: fetch as unknown as AttemptInit['fetch'],
        parseAs: stream ? 'stream' : 'text',
      };
      if (headers !== undefined) init.headers = headers;
      const result = await attempt(init);
      if (stream && isWholeJsonAnswer(result.response, result.data)) {
        // A server or proxy that ignored `stream: true`: the body is read here, under the
        // same limits as a call without it (issue 11).
        const onIdle = () => current.abort(IDLE);
        result.data = await readText(result.data, current.signal, idle, onIdle);
      }
      readingBody = false;
      clearTimeout(timer);
      return result;
    };

    /**
     * What a failed attempt means. Throws at once what must not be sent again: the caller's
     * abort, a `SoatError` of ours, a request that could not be built. Otherwise logs the
     * attempt and returns the error to throw, or `undefined` when another attempt may succeed.
     */
    const classifyFailure = (error: unknown, retry: number): SoatError | undefined => {
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
      log(timedOut ? 'timeout' : 'connection error', retry);
      // A body that breaks off or runs out of time after the headers is reported, not sent
      // again: the server has answered (a 201 may already have created the chat), and only
      // failures before any response are retried (issue 4).
      if (retry < maxRetries && !readingBody) return undefined;
      if (reason === IDLE) {
        return new SoatTimeoutError(`${label()}: no data for ${idle} ms (streamIdleTimeout)`);
      }
      if (timedOut) {
        return new SoatTimeoutError(
          `${label()}: no ${stream && !readingBody ? 'response' : 'complete response'} within ${timeout} ms (timeout), after ${retry + 1} attempt(s)`,
        );
      }
      const what = readingBody
        ? 'the connection dropped mid-response'
        : 'could not reach the server';
      return new SoatConnectionError(
        `${label()}: ${what} (${reasonOf(error)}), after ${retry + 1} attempt(s)`,
        { cause: error },
      );
    };

    /** Turns an answer into the call's result: `{ error }`, parsed data, or a started stream. */
    const shapeAnswer = async ({
      data,
      error,
      response,
    }: AttemptResult): Promise<SoatResult<T>> => {
      if (!response.ok) return { error: toErrorResponse(error, response), response };
      /** A 2xx JSON body, parsed and checked against the shape the operation promises. */
      const parse = (text: string) => {
        const value = parseJsonBody(text, label, response);
        if (answer) checkAnswer(answer, value, text, label(), scrubberOf(response));
        return value;
      };
      if (!stream) {
        return {
          data: (data === undefined || data === '' ? undefined : parse(data as string)) as T,
          response,
        };
      }
      // openapi-fetch hands no data for an answer it knows is empty (204, Content-Length: 0):
      // an empty stream, which then fails as incomplete. Any other missing body is a fetch
      // that cannot stream, and the stream says so (issue 4).
      const empty = () => response.status === 204 || response.headers.get('content-length') === '0';
      data ??= empty() ? new Response('').body : undefined;
      // A whole JSON completion (read by sendAttempt) still streams, as one chunk; anything
      // else (a captive portal's page) is quoted in a SoatError.
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
    };

    for (let retry = 0; ; retry++) {
      connection = new AbortController();
      const current = connection;
      const unlisten = onAbort(signal, () => current.abort(signal?.reason));
      try {
        const result = await sendAttempt();
        const { response } = result;
        rememberRequestLine(response, label());
        log(String(response.status), retry, response);
        const delay = retryDelayFor(response, method, retry, maxRetries);
        if (delay !== undefined) {
          await sleep(delay, signal);
          continue;
        }
        return await shapeAnswer(result);
      } catch (error) {
        clearTimeout(timer);
        const failure = classifyFailure(error, retry);
        if (failure) throw failure;
        await sleep(backoffDelay(retry), signal);
      } finally {
        unlisten();
      }
    }
  };
}

/**
 * How long to wait before sending a call again after this answer, or `undefined` to keep it:
 * a transient status with retries left, unless the server asks for a pause over a minute.
 */
function retryDelayFor(
  response: Response,
  method: string,
  retry: number,
  maxRetries: number,
): number | undefined {
  if (!isRetryableStatus(response.status, method) || retry >= maxRetries) return;
  const delay = requestedDelay(response.headers);
  if (delay === undefined || delay <= MAX_RETRY_AFTER_MS) return delay ?? backoffDelay(retry);
}

/** A 2xx answer to a `stream: true` call whose body is not an event stream (a whole JSON body). */
function isWholeJsonAnswer(response: Response, body: unknown): body is ReadableStream<Uint8Array> {
  return response.ok && body instanceof ReadableStream && isWholeBody(response);
}

function reasonOf(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof inner?.code === 'string') return inner.code;
  // undici's own "fetch failed" says less than its cause ("bad port", say).
  if (typeof inner?.message === 'string') return inner.message;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
