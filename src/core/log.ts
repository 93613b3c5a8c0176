import { SoatError } from '../errors.js';
import { describeRequest } from './create-api.js';
import { readEnv } from './environment.js';
import { isWholeBody } from './headers.js';
import { clip, type Scrub, safeText } from './safe-text.js';
import { tokenScrubber } from './token-scrubber.js';

/**
 * How much a client logs: `off`; `info`, one line per attempt (method, path, status, ms, retry,
 * request id); `debug`, also each attempt's request and response headers and bodies.
 */
export type SoatLogLevel = 'off' | 'info' | 'debug';

type Fetch = (request: Request) => Promise<Response>;

/** A client's logging, as built from its options and `SOAT_LOG`. */
export interface Log {
  /** Receives the per-attempt lines; `undefined` when logging is off. */
  info: ((line: string) => void) | undefined;
  /** Replaces the client's token, in any form, by `***` (for text quoted from its responses). */
  scrub: Scrub;
  /**
   * At `debug`, wraps the client's fetch (`globalThis.fetch` when `undefined`) to log headers and
   * bodies; else returns it as it is, `undefined` included.
   */
  wrapFetch(fetch: Fetch): Fetch;
  wrapFetch(fetch: Fetch | undefined): Fetch | undefined;
}

const BODY_LIMIT = 2000;

/** Headers whose values are secrets, shown as `***` in debug lines (issue 20). */
const SECRET_HEADER = /authorization|cookie|api-?key|token|secret|session|password/i;

/**
 * Builds a client's logging. The level is `logLevel`, else `SOAT_LOG` (read where a server
 * runtime has an environment), else `info` with a `logger` and `off` without one. Lines go to
 * `logger`, or to `console.error` without one. Every line has the token replaced by `***` in any
 * form (literal, JSON-escaped, percent-encoded; whole tokens only), credential-shaped text and
 * secret-looking headers too, and control characters escaped; a logger that throws changes
 * nothing.
 * @throws `SoatError` when `logLevel` or `SOAT_LOG` is not `off`, `info` or `debug`.
 */
export function createLog(
  options: { logger?: ((line: string) => void) | undefined; logLevel?: SoatLogLevel | undefined },
  token: string,
): Log {
  const level = levelOf(options);
  const scrub = tokenScrubber(token);
  const write = (line: string) => {
    try {
      // biome-ignore lint/suspicious/noConsole: SOAT_LOG's lines go to stderr without a logger.
      (options.logger ?? console.error)(safeText(line, scrub, Number.POSITIVE_INFINITY));
    } catch {
      // A logger must never change a call's outcome.
    }
  };
  return {
    info: level === 'off' ? undefined : write,
    scrub,
    // No fetch when not debugging and none was given: the client then sends the URL and init
    // straight to `globalThis.fetch` (create-api.ts).
    wrapFetch: ((fetch: Fetch | undefined) =>
      level === 'debug'
        ? debugFetch(fetch ?? ((request) => globalThis.fetch(request)), write, scrub)
        : fetch) as Log['wrapFetch'],
  };
}

function levelOf(options: { logger?: unknown; logLevel?: unknown }): SoatLogLevel {
  const level =
    options.logLevel ?? readEnv('SOAT_LOG')?.toLowerCase() ?? (options.logger ? 'info' : 'off');
  if (/^(off|info|debug)$/.test(level as string)) return level as SoatLogLevel;
  const source = options.logLevel === undefined ? 'SOAT_LOG' : '`logLevel`';
  throw new SoatError(
    `SoatClient: ${source} must be off, info or debug, got ${JSON.stringify(level)}.`,
  );
}

/**
 * Logs each request's headers and body, and each response's headers and body, except the body
 * of an event stream: its consumer reads it as it arrives, and reading it here would hold it up.
 * A body is read from a copy (`clone()`), so the call gets it whole. A response's line is written
 * once its copy is read, in the background: the call goes on at once, under its own time limits
 * (issue 20 #6).
 */
function debugFetch(fetch: Fetch, write: (line: string) => void, scrub: Scrub): Fetch {
  const show = async (what: string, message: Request | Response, withBody: boolean) => {
    const headers: Record<string, string> = {};
    message.headers.forEach((value, name) => {
      // `Bearer <token>` becomes `Bearer ***`; a cookie, an API key, a session are hidden whole.
      headers[name] = SECRET_HEADER.test(name)
        ? // Stryker disable next-line Regex: the pattern matches at position 0 anyway (`.*` may be empty), so `^` changes nothing
          value.replace(/^(\w+ )?.*/, '$1***')
        : value;
    });
    let body = '';
    try {
      if (withBody) body = clip(await message.clone().text(), scrub, BODY_LIMIT);
    } catch {
      // A body that cannot be copied is left out of the log; the call itself goes on.
    }
    write(`${what} headers ${JSON.stringify(headers)}${body && ` body ${body}`}`);
  };
  return async (request) => {
    const label = describeRequest(request, true);
    await show(`${label} request`, request, true);
    const response = await fetch(request);
    // Like the client, a response without a content-type is taken for a possible stream.
    void show(`${label} response ${response.status}`, response, isWholeBody(response));
    return response;
  };
}
