import { SoatError } from '../errors.js';
import { readEnv } from './environment.js';

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
  /** Wraps the client's fetch to log headers and bodies at `debug`; returns it as it is otherwise. */
  wrapFetch(fetch: Fetch): Fetch;
}

const BODY_LIMIT = 2000;
const REDACTED = '***';

/**
 * Builds a client's logging. The level is `logLevel`, else `SOAT_LOG` (read where a server
 * runtime has an environment), else `info` with a `logger` and `off` without one. Lines go to
 * `logger`, or to `console.error` without one. Every line has the token replaced by `***`
 * (headers echoed by a server and bodies included), and a logger that throws changes nothing.
 * @throws `SoatError` when `logLevel` or `SOAT_LOG` is not `off`, `info` or `debug`.
 */
export function createLog(
  options: { logger?: ((line: string) => void) | undefined; logLevel?: SoatLogLevel | undefined },
  token: string,
): Log {
  const level = levelOf(options);
  const unchanged = (fetch: Fetch) => fetch;
  if (level === 'off') return { info: undefined, wrapFetch: unchanged };
  // biome-ignore lint/suspicious/noConsole: SOAT_LOG's lines go to stderr when no logger is given.
  const logger = options.logger ?? ((line: string) => console.error(line));
  const scrub = (text: string) => text.split(token).join(REDACTED);
  const write = (line: string) => {
    try {
      logger(scrub(line));
    } catch {
      // A logger must never change a call's outcome.
    }
  };
  return {
    info: write,
    wrapFetch: level === 'debug' ? (fetch) => debugFetch(fetch, write, scrub) : unchanged,
  };
}

function levelOf(options: { logger?: unknown; logLevel?: unknown }): SoatLogLevel {
  const level = options.logLevel ?? readEnv('SOAT_LOG')?.toLowerCase();
  if (level === undefined) return options.logger ? 'info' : 'off';
  if (level === 'off' || level === 'info' || level === 'debug') return level;
  const source = options.logLevel === undefined ? 'SOAT_LOG' : '`logLevel`';
  throw new SoatError(
    `SoatClient: ${source} must be off, info or debug, got ${JSON.stringify(level)}.`,
  );
}

/** Logs each request's headers and body, and each response's headers and (unless an event stream) body. */
function debugFetch(
  fetch: Fetch,
  write: (line: string) => void,
  scrub: (text: string) => string,
): Fetch {
  return async (request) => {
    const url = new URL(request.url);
    const label = `${request.method} ${url.pathname}${url.search}`;
    write(
      `${label} request headers ${headersText(request.headers)}${await bodyText(request, scrub)}`,
    );
    const response = await fetch(request);
    // An event stream is read by its consumer as it arrives: reading it here would hold it up.
    const stream = /event-stream/i.test(response.headers.get('content-type') ?? '');
    const body = stream ? ' body (event stream, not logged)' : await bodyText(response, scrub);
    write(`${label} response ${response.status} headers ${headersText(response.headers)}${body}`);
    return response;
  };
}

function headersText(headers: Headers): string {
  const shown: Record<string, string> = {};
  headers.forEach((value, name) => {
    shown[name] = /^(proxy-)?authorization$/.test(name)
      ? value.replace(/^(\S+\s+)?.*$/, `$1${REDACTED}`)
      : /^(set-)?cookie$/.test(name)
        ? REDACTED
        : value;
  });
  return JSON.stringify(shown);
}

/** The body of a copy, scrubbed, then cut to 2,000 characters; never throws. */
async function bodyText(message: Request | Response, scrub: (text: string) => string) {
  let text: string;
  try {
    text = await message.clone().text();
  } catch (error) {
    return ` body unreadable (${error instanceof Error ? error.name : 'error'})`;
  }
  if (text === '') return '';
  const clean = scrub(text).replace(/\r?\n/g, '\\n');
  const cut =
    clean.length > BODY_LIMIT
      ? `${clean.slice(0, BODY_LIMIT)}… (${clean.length} characters)`
      : clean;
  return ` body ${cut}`;
}
