import { SoatClient, SoatError } from '../index.js';
import { type FlagValues, integerFlag, RETRIES_RANGE, stringFlag, TIMEOUT_RANGE } from './flags.js';
import type { CliIo } from './io.js';
import { escapeControls } from './terminal-text.js';
import { quoteInput, UsageError } from './usage-error.js';

/** The client of an API command and the server it talks to. */
export interface CliClient {
  /** The client, with the command line's connection settings. */
  soat: SoatClient;
  /** The server's URL, to name it in a connection error. */
  baseUrl: string;
  /** The token sent, to hide wherever the server's text quotes it. */
  token: string;
  /** How many attempts the client has made so far (its `logger` is called once per attempt). */
  attempts(): number;
}

/**
 * The client for an API command, from `--base-url`/`SOAT_BASE_URL`, `--token`/`SOAT_TOKEN`,
 * `--max-retries`, `--timeout`, `--idle-timeout` and `--server-version` (the SDK's defaults, and
 * its own reading of `SOAT_SERVER_VERSION`, when absent). Its
 * `logger` counts the attempts and, with `--verbose` or `SOAT_LOG`, prints each line to stderr.
 * Sends nothing.
 * @param io - the environment variables, and stderr for `--verbose`
 * @param command - the command, for the usage printed with an error
 * @throws `UsageError` when the URL or the token is missing or unusable, a number is not one,
 * `SOAT_LOG` is not a level, or the client refuses the server version
 */
export function createCliClient(values: FlagValues, io: CliIo, command: string): CliClient {
  const { env } = io;
  const maxRetries = integerFlag(values, 'max-retries', command, RETRIES_RANGE);
  const timeout = integerFlag(values, 'timeout', command, TIMEOUT_RANGE);
  const streamIdleTimeout = integerFlag(values, 'idle-timeout', command, TIMEOUT_RANGE);
  const serverVersion = stringFlag(values, 'server-version');
  const verbose = values.verbose === true;
  const baseUrl = stringFlag(values, 'base-url') ?? nonEmpty(env.SOAT_BASE_URL);
  const token = stringFlag(values, 'token') ?? nonEmpty(env.SOAT_TOKEN);
  const missing: string[] = [];
  if (baseUrl === undefined)
    missing.push('missing the server URL: pass --base-url or set SOAT_BASE_URL');
  if (token === undefined) missing.push('missing the token: pass --token or set SOAT_TOKEN');
  if (baseUrl === undefined || token === undefined)
    throw new UsageError(missing.join('; '), command);
  const { logLevel, print } = logSettings(env.SOAT_LOG, verbose, command);
  let attempts = 0;
  const logger = (line: string) => {
    if (ATTEMPT_LINE.test(line)) attempts++;
    // Debug lines quote the server's bodies: no control character reaches the terminal.
    if (print) io.stderr(`soat: ${escapeControls(line)}\n`);
  };
  try {
    const soat = new SoatClient({
      baseUrl,
      token,
      maxRetries,
      timeout,
      streamIdleTimeout,
      logger,
      logLevel,
      // Absent rather than `undefined`, so that the client still reads SOAT_SERVER_VERSION.
      ...(serverVersion === undefined ? {} : { serverVersion }),
    });
    return { soat, baseUrl, token, attempts: () => attempts };
  } catch (error) {
    if (!(error instanceof SoatError)) throw error;
    throw new UsageError(
      error.message
        .replace(/^SoatClient: /, '')
        .replace('`baseUrl`', '--base-url (or SOAT_BASE_URL)')
        .replace('`token`', '--token (or SOAT_TOKEN)')
        .replace(
          /`serverVersion`(?: \(or SOAT_SERVER_VERSION\))?/,
          '--server-version (or SOAT_SERVER_VERSION)',
        ),
      command,
    );
  }
}

/** The SDK's line for one attempt (not a `debug` line of headers and bodies). */
const ATTEMPT_LINE = /^\S+(?: \S+)? (?:\d{3}|timeout|connection error) \d+ms retry=\d+/;

/**
 * The client's log level and whether its lines are printed: `--verbose` prints the per-attempt
 * lines; `SOAT_LOG=info` does too, and `SOAT_LOG=debug` adds headers and bodies. The level is
 * never `off`: the per-attempt lines count the attempts for the error message.
 * @throws `UsageError` for a `SOAT_LOG` other than off, info or debug
 */
function logSettings(
  soatLog: string | undefined,
  verbose: boolean,
  command: string,
): { logLevel: 'info' | 'debug'; print: boolean } {
  const level = soatLog === undefined || soatLog === '' ? 'off' : soatLog.toLowerCase();
  if (level !== 'off' && level !== 'info' && level !== 'debug') {
    throw new UsageError(
      `SOAT_LOG must be off, info or debug, got ${quoteInput(soatLog ?? '')}`,
      command,
    );
  }
  return { logLevel: level === 'debug' ? 'debug' : 'info', print: verbose || level !== 'off' };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
