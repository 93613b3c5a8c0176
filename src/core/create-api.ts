import type { Client, ClientOptions } from 'openapi-fetch';
import * as openapiFetch from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';

type CreateClient = (options: ClientOptions) => Client<paths>;

/**
 * What openapi-fetch builds for each attempt in place of a `Request`: the URL and the init it
 * would have given `new Request()`, nothing copied or checked. undici's `fetch` copies a
 * `Request` it is handed into a second one (about 11 µs each, nodejs/undici#2636), so the
 * default fetch gets the URL and init instead; a custom `fetch` still gets a real `Request`
 * (see {@link fetchWith}). openapi-fetch reads `method` from it (for `HEAD`).
 */
export class RequestLine {
  /** The HTTP method, upper case, as openapi-fetch sets it. */
  readonly method: string;
  /** @param url the whole URL; @param init what `new Request(url, init)` would take */
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {
    this.method = init.method as string;
  }
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

/** A fetch as a client's `fetch` option takes it. */
export type Fetch = (request: Request) => Promise<Response>;

/**
 * Turns the client's fetch into the one openapi-fetch calls with a {@link RequestLine}.
 * `fetch` undefined (no `fetch` option, no debug logging): `globalThis.fetch(url, init)`,
 * looked up on each call (so that test doubles and msw installed later are used), with no
 * `Request` built here at all. Otherwise `fetch` gets a real `Request`, built from the same URL
 * and init as openapi-fetch's own.
 * @returns a function that rejects as the fetch does (a `TypeError` when the request cannot be
 * built or sent).
 */
export function fetchWith(fetch: Fetch | undefined): (line: RequestLine) => Promise<Response> {
  return fetch
    ? (line) => fetch(new Request(line.url, line.init))
    : (line) => globalThis.fetch(line.url, line.init);
}

/**
 * Creates the openapi-fetch client every call of a `SoatClient` goes through, building a
 * {@link RequestLine} per attempt instead of a `Request`. Our CJS build imports openapi-fetch's
 * CJS file in Node mode, where the "default export" is the whole `module.exports` object and
 * `createClient` sits one `.default` further in. (Resolved here, not at load time, so that
 * bundles which never build a client can drop openapi-fetch.)
 */
export function createApi(options: ClientOptions): Client<paths> {
  const entry = openapiFetch.default as unknown as CreateClient | { default: CreateClient };
  return (typeof entry === 'function' ? entry : entry.default)({
    ...options,
    Request: RequestLine as unknown as typeof Request,
  });
}
