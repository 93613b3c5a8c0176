import { SoatError } from '../errors.js';

/**
 * Checks `baseUrl` and returns it in the form every path is appended to: no trailing slash, and
 * no trailing `/api/v1` (every path starts with it, and repeating it is a common mistake).
 * A path prefix such as `https://host/soat` is kept.
 * @throws `SoatError` when it is not an absolute http(s) URL, or holds a query or fragment,
 * which would end up in the middle of every path.
 */
export function normaliseBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol) || /[?#]/.test(value as string)) {
    throw new SoatError(
      `SoatClient: \`baseUrl\` must be an absolute URL with no query or fragment, such as https://api.example.com, got ${JSON.stringify(value)}.`,
    );
  }
  const base = value as string;
  return base.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}
