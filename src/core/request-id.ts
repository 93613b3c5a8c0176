/** The id a server or proxy gave the request (`x-request-id`, else `request-id`), if any. */
export function requestIdOf(response: Response): string | undefined {
  return response.headers.get('x-request-id') ?? response.headers.get('request-id') ?? undefined;
}

const requestLines = new WeakMap<Response, string>();

/** Records which request (`GET /api/v1/chats/chat_x`) a response answers, for `unwrap`. */
export function rememberRequestLine(response: Response, line: string): void {
  requestLines.set(response, line);
}

/** The request a response answers, when the client sent it (see `rememberRequestLine`). */
export function requestLineOf(response: Response): string | undefined {
  return requestLines.get(response);
}

/**
 * A request as log lines and error messages name it: `POST /api/v1/chats`, with the query when
 * `withQuery` (`GET /api/v1/chats?limit=5`). Never throws for a request openapi-fetch built.
 */
export function describeRequest(
  request: { method: string; url: string },
  withQuery?: boolean,
): string {
  const url = new URL(request.url);
  return `${request.method} ${url.pathname}${withQuery ? url.search : ''}`;
}
