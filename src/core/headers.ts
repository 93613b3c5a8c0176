import { SoatError } from '../errors.js';

/**
 * What `headers` accepts, on the client or on one call: a `Headers` object, `[name, value]`
 * pairs, or a record, in which an `undefined` or `null` value leaves the header out. (Spelt
 * with `RequestInit`, which Node's types declare too, so that it needs no DOM lib.)
 */
export type HeadersOption =
  | NonNullable<RequestInit['headers']>
  | Record<string, string | null | undefined>;

/**
 * Whether a response's body is whole, not an event stream: it has a content-type, and not
 * `text/event-stream` (a response without one may be a stream).
 */
export function isWholeBody(response: Response): boolean {
  return /^(?!.*event-stream)./i.test(response.headers.get('content-type') ?? '');
}

/**
 * Reads `headers` in any of its forms into a `Headers`, so that every form merges the same way.
 * @throws `SoatError` for a shape `Headers` cannot read, or a name or value a header cannot
 * carry (a newline, say). The message quotes nothing: a header value may be a secret.
 */
export function toHeaders(init: unknown, label: string): Headers {
  const record =
    typeof init === 'object' && init !== null && !(Symbol.iterator in init)
      ? Object.entries(init).filter(([, value]) => value !== undefined && value !== null)
      : (init ?? undefined);
  try {
    return new Headers(record as RequestInit['headers']);
  } catch {
    throw new SoatError(
      `${label}: \`headers\` must be a Headers, [name, value] pairs or a record of what a header can carry (not shown)`,
    );
  }
}
