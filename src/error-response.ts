import { describeError } from './describe-error.js';
import { SoatError } from './errors.js';
import type { ErrorResponse } from './types.js';

/** What `toErrorResponse` takes: a failed call's result, or any `{ error }` in SOAT's shape. */
export interface FailedResult {
  /** The server's error, as the call's `error` holds it. */
  error: ErrorResponse;
  /** The SOAT server's response; its status is reused when it is an error status. */
  response?: Response | undefined;
}

/** The longest text `toErrorResponse` quotes from the SOAT server; longer text is cut with `…`. */
const MAX_QUOTED = 1000;

/**
 * Turns a failed call's `{ error, response }` into a `Response` your own route can return to
 * its page, so an error stays an error on the way: a 4xx/5xx status and a JSON body in SOAT's
 * own `ErrorResponse` shape, which `parseChatCompletionStream` (and `if (!response.ok)`) on the
 * page recognise.
 *
 * The status is the SOAT server's when that is an error status. An error sent inside a `200`
 * stream (a wrong `ai_provider_id` or chat id with `stream: true`) has none of its own: a
 * not-found error (code `RESOURCE_NOT_FOUND`, or a message saying `not found`) becomes `404`,
 * any other `502` (the upstream failed). `init.status` (400–599) overrides both, and
 * `init.headers` are added. The body keeps the error's `code` and `message` (or its text) and
 * nothing else: the upstream URL, anything that looks like a token (`sk_…`, a JWT,
 * `Bearer …`) and control characters are taken out, and it is cut to 1,000 characters.
 * The upstream's `x-request-id` is passed on when there is one.
 *
 * @throws `SoatError` when the result holds no error (return its `data` instead) or
 * `init.status` is not an error status.
 *
 * @example
 * ```ts
 * const { data: stream, error, response } = await soat.chats.createChatCompletion({ body });
 * if (error) return toErrorResponse({ error, response });
 * return stream.toResponse();
 * ```
 */
export function toErrorResponse(result: FailedResult, init?: ResponseInit): Response {
  const error = (result as Partial<FailedResult> | null | undefined)?.error;
  if (error === undefined || error === null) {
    throw new SoatError(
      'toErrorResponse: the result holds no `error`; pass a failed call’s `{ error, response }` (a successful one has `data` to send instead).',
    );
  }
  const upstream = result.response;
  const detail: unknown = error.error;
  const quote = (text: string) => quoteSafely(text, upstream?.url);
  const code =
    typeof detail === 'object' &&
    detail !== null &&
    typeof (detail as { code?: unknown }).code === 'string'
      ? (detail as { code: string }).code
      : undefined;
  const message =
    code === undefined
      ? describeError(error)
      : String((detail as { message?: unknown }).message ?? '');
  const body: ErrorResponse =
    code === undefined
      ? { error: quote(message) }
      : { error: { code: quote(code), message: quote(message) } };
  const status = init?.status ?? statusFor(upstream?.status, code, message);
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new SoatError(
      `toErrorResponse: \`status\` must be an error status (400–599); got ${String(status)}.`,
    );
  }
  const headers = new Headers(init?.headers);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  const requestId = upstream?.headers.get('x-request-id');
  if (requestId && !headers.has('x-request-id')) headers.set('x-request-id', quote(requestId));
  return new Response(JSON.stringify(body), { ...init, status, headers });
}

/** The upstream's error status, else 404 for a not-found error and 502 for any other. */
function statusFor(upstream: number | undefined, code: string | undefined, message: string) {
  if (upstream !== undefined && upstream >= 400 && upstream <= 599) return upstream;
  return code === 'RESOURCE_NOT_FOUND' || /\bnot found\b/i.test(message) ? 404 : 502;
}

/**
 * The one place server text is made safe to hand to a page: the upstream URL (whole, and its
 * origin) and token-like text replaced, control characters turned into spaces, the length capped.
 */
function quoteSafely(text: string, upstreamUrl: string | undefined): string {
  let safe = text;
  for (const url of upstreamUrls(upstreamUrl)) safe = safe.split(url).join('<upstream>');
  safe = safe
    .replace(/\bBearer\s+\S+/gi, 'Bearer ***')
    .replace(/\bsk_[\w-]+/g, 'sk_***')
    .replace(/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, '***')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return safe.length > MAX_QUOTED ? `${safe.slice(0, MAX_QUOTED)}…` : safe;
}

/** The upstream URL and its origin and host, longest first; none for a response without one. */
function upstreamUrls(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const { origin, host } = new URL(url);
    return [url, origin, host].filter((part) => part !== '');
  } catch {
    return [url];
  }
}
