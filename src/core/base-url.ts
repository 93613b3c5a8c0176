import { SoatError } from '../errors.js';

/**
 * Checks `baseUrl` and returns it in the form every path is appended to: no surrounding
 * whitespace (a `SOAT_BASE_URL` read with its newline), no trailing slash, and no trailing
 * `/api/v1` (every path starts with it, and repeating it is a common mistake). A path prefix
 * such as `https://host/soat` is kept.
 * @throws `SoatError` when it is not an absolute http(s) URL, holds a query or fragment (which
 * would end up in the middle of every path), or holds credentials (`user:pass@`, which would
 * be sent to the server and shown in logs; the message does not quote them).
 */
export function normaliseBaseUrl(value: unknown): string {
  const base = typeof value === 'string' ? value.trim() : value;
  let url: URL | undefined;
  try {
    url = typeof base === 'string' ? new URL(base) : undefined;
  } catch {}
  if (url && (url.username || url.password)) {
    throw new SoatError(
      'SoatClient: `baseUrl` must not hold credentials (user:password@); pass the token as `token`.',
    );
  }
  if (!url || !/^https?:$/.test(url.protocol) || /[?#]/.test(base as string)) {
    throw new SoatError(
      `SoatClient: \`baseUrl\` must be an absolute URL with no query or fragment, such as https://api.example.com, got ${JSON.stringify(value)}.`,
    );
  }
  return (base as string).replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}
