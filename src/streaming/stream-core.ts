import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
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
  Keep,
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
 * Builds a stream's state and operations.
 * @throws `SoatError` when there is no body to read.
 */
export function createCore(
  body: ReadableStream<Uint8Array> | null,
  options: ChatCompletionStreamOptions,
): Core {
  const label = options.label ?? 'Completion stream';
  if (!body) {
    throw new SoatError(
      `${label}: no readable body: this fetch cannot stream; use one that can, or drop stream: true`,
    );
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

  /** Whether the outcome is still open: the body is being read or flushed. */
  const open = () => state <= State.Ending;

  const error = (message: string, cause?: unknown, serverError?: unknown) =>
    new SoatStreamError(`${label}: ${message}`, {
      partialText: parts.join(''),
      cause,
      serverError,
    });

  const truncated = () => error('the stream ended before [DONE]; the answer is incomplete');

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
    watchdog.stop();
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
    if (state === State.Failed || state === State.Aborted) return;
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
    let chunk: (ChatCompletionChunk & { error?: unknown }) | null;
    try {
      chunk = JSON.parse(data);
    } catch (cause) {
      const cut = state === State.Ending;
      fail(cut ? truncated() : error(`event is not JSON: ${quote(data)}`, cause));
      return;
    }
    // `{"error": null, "choices": […]}` is a chunk: only a non-null `error` is one (issue 11 #10).
    if (chunk?.error != null) {
      const message = `the server reported an error mid-stream: ${describeServerError(chunk.error)}`;
      fail(error(message, undefined, chunk.error));
    } else if (!Array.isArray(chunk?.choices)) {
      fail(error(`event is not a completion chunk: ${quote(data)}`));
    } else {
      const content = chunk.choices[0]?.delta?.content;
      if (typeof content === 'string') parts.push(content);
      if (keep === Keep.Chunks) queue.push(chunk);
      // The server's own text, unless it spans lines (`data:` lines joined): re-encoded then.
      else if (keep === Keep.Data) queue.push(data.includes('\n') ? JSON.stringify(chunk) : data);
    }
  };

  const parser = createParser({
    onEvent,
    // A bad `retry:` value is harmless; any other line we cannot read could hold answer text.
    onError: (problem: ParseError) =>
      problem.type !== 'invalid-retry' &&
      fail(error(`not a valid event stream: ${quote(problem.line ?? '')}`, problem)),
  });

  const idle = options.idleTimeout ?? Number.POSITIVE_INFINITY;
  const watchdog = idleWatchdog(idle, () =>
    fail(
      new SoatTimeoutError(`${label}: no data for ${idle} ms (streamIdleTimeout)`, {
        partialText: parts.join(''),
      }),
    ),
  );

  const consume = (result: ReadableStreamReadResult<Uint8Array>): void => {
    watchdog.readEnded();
    if (state !== State.Reading) return;
    if (result.done) {
      // A last event without its blank line still counts; a cut-off one is a truncated body.
      state = State.Ending;
      parser.feed(`${decoder.decode()}\n\n`);
      if (state === State.Ending) fail(truncated());
    } else {
      parser.feed(decoder.decode(result.value, { stream: true }));
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
      watchdog.readStarted();
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (cause) {
        watchdog.readEnded();
        fail(cause instanceof SoatError ? cause : error('connection failed mid-stream', cause));
        continue;
      }
      consume(result);
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
      const next = kind === 'chunks' ? pull : kind === 'text' ? nextText : nextData;
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
