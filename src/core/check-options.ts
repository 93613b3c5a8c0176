import { SoatError } from '../errors.js';
import type { AnswerKind } from './answer-shape.js';

/** What an operation needs from its options object. */
export interface OperationShape {
  /** The operation's name, e.g. `getChat`, for the error messages. */
  name: string;
  /** Whether `body` is required. */
  body?: boolean;
  /** Path parameters, each required. */
  path?: readonly string[];
  /** Whether `body.stream: true` asks for a stream. */
  streams?: boolean;
  /** What a 2xx JSON answer must be; none for an empty answer (`deleteChat`). */
  answer?: AnswerKind;
}

/** Keys every call's options may hold; any other top-level key is taken for a stray body field. */
const OPTION_KEYS = [
  'path',
  'query',
  'body',
  'signal',
  'headers',
  'maxRetries',
  'timeout',
  'streamIdleTimeout',
];

/**
 * Checks what a caller, plain JavaScript included, passed to an operation, before anything is
 * sent. Rejects the path ids `''`, `.` and `..`, which URL resolution would turn into another
 * endpoint (`GET /api/v1/chats/.` is the chat list).
 * @throws `SoatError` naming the operation and what is missing or wrong.
 */
export function checkOptions(shape: OperationShape, options: unknown): void {
  const { name } = shape;
  const needs = [shape.path && '`path`', shape.body && '`body`'].filter(Boolean).join(' and ');
  // No options at all is fine only for an operation that needs neither.
  const given = options ?? (needs ? options : {});
  if (kindOf(given) !== 'object') {
    throw new SoatError(
      `${name}: expected an options object${needs && ` with ${needs}`}, got ${kindOf(options)}`,
    );
  }
  const { path, body } = given as { path?: Record<string, unknown>; body?: unknown };
  for (const param of shape.path ?? []) {
    const id = path?.[param];
    // `.` and `..` are dot segments: the URL would resolve to another endpoint.
    if (typeof id !== 'string' || /^\.{0,2}$/.test(id)) {
      throw new SoatError(
        `${name}: \`path.${param}\` is required, as an id other than "", "." and ".."; got ${typeof id === 'string' ? JSON.stringify(id) : kindOf(id)}`,
      );
    }
  }
  checkSignal(name, (given as { signal?: unknown }).signal);
  if (shape.body && kindOf(body) !== 'object') {
    const stray = Object.keys(given as object).filter((key) => !OPTION_KEYS.includes(key));
    throw new SoatError(
      `${name}: \`body\` is required, as an object; got ${kindOf(body)}${stray.length ? `; ${stray.join(', ')} belong under \`body\`` : ''}`,
    );
  }
}

/**
 * Checks that a call's `signal`, when given, is an `AbortSignal` (anything else would fail
 * later with a bare `TypeError`).
 * @throws `SoatError` naming the option.
 */
function checkSignal(name: string, signal: unknown): void {
  if (signal !== undefined && typeof (signal as AbortSignal)?.addEventListener !== 'function') {
    throw new SoatError(`${name}: \`signal\` must be an AbortSignal`);
  }
}

/**
 * Names a value's kind without quoting it (a misplaced value may be a secret): `object` only for
 * an object that is neither `null` nor an array.
 */
function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
