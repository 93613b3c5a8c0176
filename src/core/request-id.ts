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
