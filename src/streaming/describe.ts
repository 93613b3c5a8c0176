const QUOTE_LIMIT = 200;

/** Quotes a payload for an error message, cut to its first 200 characters. */
export function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text);
}

/** Renders a server's `error` value, either shape, as `message` or `CODE: message`. */
export function describeServerError(error: unknown): string {
  if (typeof error === 'string') return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message === 'string')
    return typeof code === 'string' ? `${code}: ${message}` : message;
  return JSON.stringify(error) ?? String(error);
}
