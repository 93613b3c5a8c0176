import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { normaliseError } from '../core/error-body.js';
import { type Scrub, safeText } from '../core/safe-text.js';
import { SoatError, SoatStreamError, SoatTimeoutError } from '../errors.js';
import type { ChatCompletionChunk } from '../types.js';
import { describeServerError, quote } from './describe.js';
import { drainInBackground } from './drain.js';
import { idleWatchdog } from './idle-watchdog.js';
import {
  ABORTED,
  abortError,
  type ChatCompletionStreamOptions,
  DONE,
  dataOf,
  FailureCode,
  failureCode,
  Keep,
  MAX_EVENT_SIZE,
  noop,
  State,
} from './stream-internals.js';

/** What a stream's reader reads: the chunks, the non-empty text deltas, or batches of JSON text. */
type Kind = 'chunks' | 'text' | 'data';

/**
 * The core of a `ChatCompletionStream`: reads the body, parses its events, fails and closes, in
 * one place. It hands out chunks, text deltas or event data to the stream's one reader
 * (`read`), and knows the outcome (`text()`, `complete()`). Its state lives in closures (they
 * minify to one letter each, private fields do not), built by `createCore`.
 */
export interface Core {
  /**
   * Claims the stream for its one reader and returns that reader's iterator: of the chunks, of
   * the non-empty text deltas, or of batches of the chunks' JSON text (for `toEventStream()`).
   * @throws `SoatError` naming the reader that already has the stream.
   */
  read(reader: string, kind: 'chunks'): AsyncIterator<ChatCompletionChunk>;
  read(reader: string, kind: 'text'): AsyncIterator<string>;
  read(reader: string, kind: 'data'): AsyncIterator<string[]>;
  read(reader: string, kind: Kind): AsyncIterator<unknown>;
  /** The whole answer: see `ChatCompletionStream.text()`. */
  text(): Promise<string>;
  /** Reads until the first chunk; resolves to the failure that came before it, if one did. */
  first(): Promise<unknown>;
  /** The whole text once `[DONE]` is reached by whichever reader; never claims the stream. */
  complete(): Promise<string>;
  /** Stops reading and closes the connection. */
  abort(): void;
}

/**
 * Builds a stream's state and operations. `scrub` (for the token the response was fetched
 * with) is applied to the server text its errors quote.
 * @throws `SoatError` when there is no body to read.
 */
export function createCore(
  body: ReadableStream<Uint8Array> | null,
  options: ChatCompletionStreamOptions,
  scrub?: Scrub,
): Core {
  const label = options.label ?? 'Completion stream';
  if (!body) {
    throw new SoatError(
      `${label}: no readable body: this fetch cannot stream; use one that can, or drop stream: true`,
    );
  }
  const maxEventSize = options.maxEventSize ?? MAX_EVENT_SIZE;
  if (!(maxEventSize > 0)) {
    throw new SoatError(`${label}: maxEventSize must be a positive number, got ${maxEventSize}`);
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const connection = options.connection;
  let unlisten = noop;
  /** Parsed chunks not yet handed out; in `data` mode, their JSON text. */
  const queue: (ChatCompletionChunk | string)[] = [];
  /** The text deltas so far, joined only when asked: one rope per delta would burden the GC. */
  const parts: string[] = [];
  let keep = Keep.Chunks;
  let state = State.Reading;
  /** What the reader gets once the queue is empty: the failure, the signal's reason, or ABORTED. */
  let failure: unknown;
  let completion: Promise<string> | undefined;
  let settleCompletion = noop;
  /** Which reader has claimed the stream, for the error a second one gets. */
  let claimedBy: string | undefined;
  /** The last `next()` of the reader: each waits for the one before (issue 20, parallel `next()`). */
  let tail: Promise<unknown> = Promise.resolve();

  /** Whether the outcome is still open: the body is being read or flushed. */
  const open = () => state <= State.Ending;

  /**
   * A failure of the stream, tagged with its code and its message without the label, which
   * `toEventStream()` forwards (issue 20 #9). A timeout is a `SoatTimeoutError`.
   */
  const error = (
    message: string,
    code: FailureCode,
    cause?: unknown,
    serverError?: unknown,
  ): SoatError => {
    const failure = new (code === FailureCode.Timeout ? SoatTimeoutError : SoatStreamError)(
      `${label}: ${message}`,
      { partialText: parts.join(''), cause, serverError } as ConstructorParameters<
        typeof SoatStreamError
      >[1],
    );
    (failure as { [failureCode]?: unknown })[failureCode] = [code, message];
    return failure;
  };

  const truncated = () =>
    error('the stream ended before [DONE]; the answer is incomplete', FailureCode.Truncated);

  /** The event as a quote for an error: capped, scrubbed, control characters escaped. */
  const invalid = (what: string, data: string, cause?: unknown) =>
    error(`${what}: ${quote(data, scrub)}`, FailureCode.Invalid, cause);

  /**
   * Leaves `reading` for good: stops the watchdog and the signal listener, settles
   * `whenComplete`, and on an early end releases the body and closes the connection. Called
   * again (an `abort()` or a reader leaving after the end) it only drops what is queued.
   */
  const end = (next: State.Complete | State.Failed | State.Aborted): void => {
    if (next === State.Aborted) {
      queue.length = 0;
      unlisten();
    }
    if (!open()) return;
    state = next;
    stopWatchdog();
    if (next !== State.Complete) {
      unlisten();
      const reason = failure === ABORTED ? abortError() : failure;
      reader.cancel(reason).catch(noop);
      connection?.abort(reason);
    }
    settleCompletion();
  };

  /** A failure of the body: chunks parsed before it are still handed out first. */
  const fail = (reason: unknown): void => {
    if (!open()) return;
    failure = reason;
    end(State.Failed);
  };

  /**
   * The call's signal aborted: whatever is queued is dropped, even after `[DONE]`, and the reader
   * gets the signal's reason next. A failure or `abort()` before it stays the outcome.
   */
  const stop = (reason: unknown): void => {
    // Failed or Aborted (the states after Complete).
    if (state > State.Complete) return;
    failure = reason;
    queue.length = 0;
    end(State.Failed);
    unlisten();
  };

  const onEvent = ({ data }: EventSourceMessage): void => {
    if (!open()) return;
    if (data === '[DONE]') {
      end(State.Complete);
      return;
    }
    let chunk: (ChatCompletionChunk & { error?: { code?: unknown; message?: unknown } }) | null;
    try {
      chunk = JSON.parse(data);
    } catch (cause) {
      fail(state === State.Ending ? truncated() : invalid('event is not JSON', data, cause));
      return;
    }
    const problem = chunk?.error;
    const content = chunk?.choices?.[0]?.delta?.content;
    // `{"error": null | false | 0 | "", "choices": […]}` is a chunk: only an `error` that says
    // something is one (issue 11 #10, issue 20).
    if (problem) {
      const code = problem.code;
      // A failure forwarded by `toEventStream()` becomes the same error again (issue 20 #9).
      if (/^STREAM_/.test(code as string)) {
        fail(error(safeText(problem.message ?? code, scrub), code as FailureCode));
      } else {
        const serverError = normaliseError(problem, scrub);
        const text = `the server reported an error mid-stream: ${describeServerError(serverError)}`;
        fail(error(text, FailureCode.Server, undefined, serverError));
      }
    } else if (!Array.isArray(chunk?.choices) || (content != null && typeof content !== 'string')) {
      // A `content` that is not text fails the stream, so that every reader agrees (issue 20 #5).
      fail(invalid('event is not a completion chunk', data));
    } else {
      if (content) parts.push(content);
      if (keep === Keep.Chunks) queue.push(chunk);
      // The server's own text, unless it spans lines (`data:` lines joined): re-encoded then.
      else if (keep === Keep.Data) queue.push(data.includes('\n') ? JSON.stringify(chunk) : data);
    }
  };

  const parser = createParser({
    onEvent,
    // The line being read and the event's data so far: past it, the parser stops (issue 20 #2).
    maxBufferSize: maxEventSize,
    // A bad `retry:` value and an unknown field (`foo: bar`) are ignored, as the SSE spec says
    // (issue 20); a line that is no field at all (`{"choices": …}`, HTML) could hold answer text.
    onError: (problem: ParseError) =>
      problem.type === 'max-buffer-size-exceeded'
        ? fail(
            error(
              `an event is longer than ${maxEventSize} characters (maxEventSize)`,
              FailureCode.Invalid,
            ),
          )
        : problem.type !== 'invalid-retry' &&
          !/^[\w-]+$/.test(problem.field as string) &&
          fail(invalid('not a valid event stream', problem.line ?? '', problem)),
  });

  const idle = options.idleTimeout ?? Number.POSITIVE_INFINITY;
  const [readStarted, readEnded, stopWatchdog] = idleWatchdog(idle, () =>
    fail(error(`no data for ${idle} ms (streamIdleTimeout)`, FailureCode.Timeout)),
  );

  /** Parses what a read gave. Throws what the decoder or the parser throw. */
  const consume = (result: ReadableStreamReadResult<Uint8Array | string>): void => {
    readEnded();
    if (state !== State.Reading) return;
    if (result.done) {
      // A last event without its blank line still counts; a cut-off one is a truncated body.
      state = State.Ending;
      parser.feed(`${decoder.decode()}\n\n`);
      if (state === State.Ending) fail(truncated());
    } else {
      const { value } = result;
      // A body of strings (piped through a `TextDecoderStream`) is read as it is.
      parser.feed(typeof value === 'string' ? value : decoder.decode(value, { stream: true }));
      // What follows `[DONE]` is read in the background, so the connection can be reused.
      if ((state as State) === State.Complete) {
        drainInBackground(reader, () => connection?.abort(abortError()));
      }
    }
  };

  /** The next chunk: from the queue, else read until one is queued or the stream ended. */
  const pull = async (): Promise<IteratorResult<ChatCompletionChunk>> => {
    for (;;) {
      if (queue.length) return { done: false, value: queue.shift() as ChatCompletionChunk };
      if (!open()) {
        // The reader has seen the end: the signal has nothing left to stop.
        unlisten();
        if (failure === ABORTED && keep === Keep.Data) throw abortError();
        if (failure !== undefined && failure !== ABORTED) throw failure;
        return DONE;
      }
      readStarted();
      let result: ReadableStreamReadResult<Uint8Array | string> | undefined;
      // Whatever fails, reading or parsing (a chunk that is not bytes, a string too long for the
      // runtime), fails the stream and closes it: nothing escapes as a bare error (issue 20 #1).
      try {
        result = await reader.read();
        consume(result);
      } catch (cause) {
        readEnded();
        fail(
          cause instanceof SoatError
            ? cause
            : result
              ? error('could not parse the event stream', FailureCode.Invalid, cause)
              : error('connection failed mid-stream', FailureCode.Connection, cause),
        );
      }
    }
  };

  const claim = (who: string): void => {
    if (claimedBy) {
      throw new SoatError(
        `ChatCompletionStream: already being read by ${claimedBy}; ${who} cannot read it too`,
      );
    }
    claimedBy = who;
  };

  /** The next non-empty text delta; one already queued is handed out without awaiting `pull`. */
  const nextText = async (): Promise<IteratorResult<string>> => {
    for (;;) {
      const result = queue.length
        ? { done: false, value: queue.shift() as ChatCompletionChunk }
        : await pull();
      if (result.done) return DONE;
      const content = result.value.choices[0]?.delta?.content;
      if (content) return { done: false, value: content };
    }
  };

  /**
   * For `toEventStream()`: the JSON text of the next chunk and of every other one already parsed,
   * a batch per read. An end by `abort()` throws, so it is not mistaken for `[DONE]`.
   */
  const nextData = async (): Promise<IteratorResult<string[]>> => {
    keep = Keep.Data;
    const first = await pull();
    if (first.done) return DONE;
    return { done: false, value: [first.value, ...queue.splice(0)].map(dataOf) };
  };

  const complete = (): Promise<string> => {
    if (!completion) {
      completion = new Promise<string>((resolve, reject) => {
        settleCompletion = () => {
          if (state === State.Complete) resolve(parts.join(''));
          else reject(state === State.Failed ? failure : abortError());
        };
      });
      completion.catch(noop);
      if (!open()) settleCompletion();
    }
    return completion;
  };

  const signal = options.signal;
  if (signal?.aborted) stop(signal.reason);
  else if (signal) {
    const onAbort = () => stop(signal.reason);
    signal.addEventListener('abort', onAbort);
    unlisten = () => signal.removeEventListener('abort', onAbort);
  }

  return {
    read(who: string, kind: Kind): AsyncIterator<never> {
      claim(who);
      const step: () => Promise<unknown> =
        kind === 'chunks' ? pull : kind === 'text' ? nextText : nextData;
      // One read at a time, in call order: parallel reads would stop the idle watchdog early.
      const next = () => (tail = tail.then(step, step));
      // The reader left early (`break`, `return`, a throw, a cancelled readable stream).
      const leave = () => {
        end(State.Aborted);
        return Promise.resolve(DONE);
      };
      return { next, return: leave } as AsyncIterator<never>;
    },
    async text() {
      if (!claimedBy) {
        claim('text()');
        // The text is gathered as events are parsed: no chunk needs keeping.
        keep = Keep.Nothing;
        queue.length = 0;
        await pull().catch(noop);
      }
      return complete();
    },
    async first() {
      try {
        const first = await pull();
        // Put the chunk back for the reader.
        if (!first.done) queue.unshift(first.value);
      } catch (failure) {
        return failure;
      }
    },
    complete,
    abort() {
      if (state === State.Failed) return;
      failure = ABORTED;
      end(State.Aborted);
    },
  };
}
