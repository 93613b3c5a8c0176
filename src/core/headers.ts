import { SoatError } from '../errors.js';

/**
 * What `headers` accepts, on the client or on one call: a `Headers` object, `[name, value]`
 * pairs, or a record, in which an `undefined` or `null` value leaves the header out.
 */
export type HeadersOption = HeadersInit | Record<string, string | null | undefined>;

/**
 * Reads `headers` in any of its forms into a `Headers`, so that every form merges the same way.
 * @throws `SoatError` for a shape it cannot read, or a name or value a header cannot carry (a
 * newline, say). The message names the header but never quotes the value, which may be a secret.
 */
export function toHeaders(init: unknown, label: string): Headers {
  const headers = new Headers();
  if (init === undefined || init === null) return headers;
  // Anything but an object fails the pair check below.
  const entries: unknown[] =
    typeof init !== 'object'
      ? [init]
      : Array.isArray(init)
        ? init
        : typeof (init as Headers).entries === 'function'
          ? [...(init as Headers).entries()]
          : Object.entries(init);
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new SoatError(
        `${label}: \`headers\` must be a Headers object, [name, value] pairs or a record`,
      );
    }
    const [name, value] = entry as [unknown, unknown];
    if (value === undefined || value === null) continue;
    try {
      headers.append(name as string, String(value));
    } catch {
      throw new SoatError(
        `${label}: header ${JSON.stringify(String(name))} cannot be sent: its name or value holds a character a header cannot carry (the value is not shown)`,
      );
    }
  }
  return headers;
}
