import { SoatError } from '../errors.js';

/**
 * What `headers` accepts, on the client or on one call: a `Headers` object, `[name, value]`
 * pairs, or a record, in which an `undefined` or `null` value leaves the header out.
 */
export type HeadersOption = HeadersInit | Record<string, string | null | undefined>;

/** RFC 9110 `token`: the characters a header name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~\w]+$/;

/**
 * Reads `headers` in any of its forms into a `Headers`, so that every form merges the same way.
 * @throws `SoatError` for a shape it cannot read, a name that is not a token, or a value a header
 * cannot carry (a newline, say). The message names the header but never quotes the value, which
 * may be a secret.
 */
export function toHeaders(init: unknown, label: string): Headers {
  const headers = new Headers();
  if (init === undefined || init === null) return headers;
  if (typeof init !== 'object') {
    throw new SoatError(
      `${label}: \`headers\` must be a Headers object, [name, value] pairs or a record, got a ${typeof init}`,
    );
  }
  const entries: unknown[] = Array.isArray(init)
    ? init
    : typeof (init as Headers).entries === 'function'
      ? [...(init as Headers).entries()]
      : Object.entries(init);
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new SoatError(`${label}: each pair in \`headers\` must be [name, value]`);
    }
    const [name, value] = entry as [unknown, unknown];
    if (value === undefined || value === null) continue;
    if (typeof name !== 'string' || !TOKEN.test(name)) {
      throw new SoatError(`${label}: a name in \`headers\` is not a valid header name`);
    }
    try {
      headers.append(name, String(value));
    } catch {
      throw new SoatError(
        `${label}: the value of header "${name}" holds a character a header cannot carry (a newline, a control character, or one outside Latin-1)`,
      );
    }
  }
  return headers;
}
