import { SoatError } from '../errors.js';
import type { ReplyScript } from './types.js';

const COMPLETION_FIELDS = ['text', 'pieces', 'pauseMs', 'failAfter', 'error', 'times'];
const HTTP_FIELDS = ['status', 'headers', 'body', 'times'];
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
/** An HTTP header name (RFC 9110 `token`). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** An HTTP header value a `Headers` object sends as it is: no CR, LF, NUL, nothing above U+00FF. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Checks a `mock.reply()` script field by field, so a script that cannot be answered as the
 * README says fails at the call, not at the request it was meant for.
 * @param script - what the caller passed
 * @throws `SoatError` naming the field: not an object; a field neither kind of script has (a
 *   typo); `times` not a whole number from 1; `text` not a string; `pieces` not an array of
 *   strings; `pauseMs` not a number of milliseconds from 0; `failAfter` not a whole number from
 *   0; `error` neither a string nor `{ code, message }` of strings; `status` not a whole number
 *   from 200 to 599; `headers` not an object of strings, a header name that is not a token, a
 *   value with CR, LF, NUL or a character above U+00FF; a body on a 204/205/304; a body that is
 *   neither a string nor JSON-serialisable
 */
export function checkScript(script: ReplyScript): void {
  if (typeof script !== 'object' || script === null || Array.isArray(script)) {
    throw new SoatError(`mock.reply() takes a script object, got ${describe(script)}`);
  }
  const isHttp = (script as { status?: unknown }).status !== undefined;
  const fields = isHttp ? HTTP_FIELDS : COMPLETION_FIELDS;
  for (const key of Object.keys(script)) {
    if (!fields.includes(key)) {
      throw new SoatError(
        `mock.reply(): unknown field ${JSON.stringify(key)}; ${isHttp ? 'an HTTP script (with status)' : 'a completion script'} takes ${fields.join(', ')}`,
      );
    }
  }
  const { times } = script;
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new SoatError(
      `mock.reply(): times must be a whole number from 1, got ${describe(times)}`,
    );
  }
  if (isHttp) checkHttpScript(script as Record<string, unknown>);
  else checkCompletionScript(script as Record<string, unknown>);
}

function checkCompletionScript(script: Record<string, unknown>): void {
  const { text, pieces, failAfter, error } = script;
  if (text !== undefined && typeof text !== 'string') {
    throw new SoatError(`mock.reply(): text must be a string, got ${describe(text)}`);
  }
  if (
    pieces !== undefined &&
    !(Array.isArray(pieces) && pieces.every((piece) => typeof piece === 'string'))
  ) {
    throw new SoatError(
      `mock.reply(): pieces must be an array of strings, got ${describe(pieces)}`,
    );
  }
  checkPause(script.pauseMs, 'mock.reply(): pauseMs');
  if (failAfter !== undefined && !(Number.isInteger(failAfter) && (failAfter as number) >= 0)) {
    throw new SoatError(
      `mock.reply(): failAfter must be a whole number from 0, got ${describe(failAfter)}`,
    );
  }
  if (error !== undefined && typeof error !== 'string' && !isCodeAndMessage(error)) {
    throw new SoatError(
      `mock.reply(): error must be a string or { code, message } of strings, got ${describe(error)}`,
    );
  }
}

function isCodeAndMessage(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && code !== '' && typeof message === 'string';
}

function checkHttpScript(script: Record<string, unknown>): void {
  const { status, headers, body } = script;
  if (!(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599)) {
    throw new SoatError(
      `mock.reply(): status must be a whole number from 200 to 599, got ${describe(status)}`,
    );
  }
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
      throw new SoatError(`mock.reply(): headers must be an object, got ${describe(headers)}`);
    }
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name)) {
        throw new SoatError(
          `mock.reply(): header name ${JSON.stringify(name)} is not a valid token`,
        );
      }
      if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
        throw new SoatError(
          `mock.reply(): header ${name} must be a string without CR, LF or NUL, got ${describe(value)}`,
        );
      }
    }
  }
  if (NULL_BODY_STATUSES.has(status as number) && body !== undefined) {
    throw new SoatError(`mock.reply(): a ${status} answer cannot have a body`);
  }
  if (body !== undefined && typeof body !== 'string') {
    let serialised: string | undefined;
    try {
      serialised = JSON.stringify(body);
    } catch (cause) {
      throw new SoatError('mock.reply(): body is neither a string nor JSON-serialisable', {
        cause,
      });
    }
    if (serialised === undefined) {
      throw new SoatError(
        `mock.reply(): body is neither a string nor JSON-serialisable, got ${describe(body)}`,
      );
    }
  }
}

/**
 * Checks a pause in milliseconds.
 * @param pauseMs - the value, or `undefined` for none
 * @param name - what to call it in the message
 * @throws `SoatError` when it is not a finite number from 0
 */
export function checkPause(pauseMs: unknown, name: string): void {
  if (pauseMs === undefined) return;
  if (typeof pauseMs !== 'number' || !(pauseMs >= 0) || !Number.isFinite(pauseMs)) {
    throw new SoatError(
      `${name} must be a number of milliseconds from 0, got ${describe(pauseMs)}`,
    );
  }
}

/** A short, printable rendering of a bad value for a message. */
function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 60 ? `${json.slice(0, 60)}…` : json;
  } catch {
    // fall through: a cycle or a BigInt
  }
  return String(value);
}
