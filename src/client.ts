import { normaliseBaseUrl } from './core/base-url.js';
import { isBranded } from './core/brand.js';
import { createApi } from './core/create-api.js';
import { type HeadersOption, toHeaders } from './core/headers.js';
import { assertUsableToken } from './core/runtime.js';
import { Transport } from './core/transport.js';
import { Chats } from './resources/chats.js';

/** Options of `new SoatClient()`. */
export interface SoatClientOptions {
  /**
   * The server's address, e.g. `https://api.example.com`, or one with a path prefix such as
   * `https://example.com/soat`. Trailing slashes and a trailing `/api/v1` are dropped; a query
   * string or fragment is refused.
   */
  baseUrl: string;
  /** A session token (JWT) or an `sk_` API key, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Headers added to every request: a `Headers`, `[name, value]` pairs or a record. */
  headers?: HeadersOption | undefined;
  /** A custom fetch (proxies, undici agents, tests). @defaultValue `globalThis.fetch` */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Extra attempts after the first for transient failures; 0 turns retrying off. @defaultValue 2 */
  maxRetries?: number | undefined;
  /**
   * Per attempt, in ms: until the response headers arrive for a stream, until the whole body
   * for any other call. `Infinity` sets no limit. @defaultValue 600000
   */
  timeout?: number | undefined;
  /** A stream that receives no bytes for this long (ms) fails. @defaultValue 120000 */
  streamIdleTimeout?: number | undefined;
  /** Allow an `sk_` API key in a browser, where anyone can read it. @defaultValue false */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Called once per attempt with method, path, status, ms and retry number. Never sees the token. */
  logger?: ((line: string) => void) | undefined;
}

/**
 * The client of SOAT's Chats API. One instance holds the connection settings; its resources
 * make the calls.
 *
 * @throws `SoatError` when `baseUrl` is not an absolute URL or holds a query or fragment, the
 * token cannot be sent in a header, or an `sk_` API key is used in a browser without
 * `dangerouslyAllowBrowser`.
 *
 * @example
 * ```ts
 * import { SoatClient } from '@soat/sdk';
 *
 * const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: process.env.SOAT_TOKEN! });
 * const { data, error } = await soat.chats.createChat({
 *   body: { project_id: 'proj_ABC', ai_provider_id: 'aip_abc123', name: 'Support Assistant' },
 * });
 * if (error) throw new Error(JSON.stringify(error));
 * ```
 */
export class SoatClient {
  /** @internal Names the class for `instanceof` across copies of the package. */
  static readonly soatBrand: string = 'SoatClient';
  /** Also true for a client of another copy of this package (its CJS and ESM builds, say). */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` asked about.
    return isBranded(this, value);
  }
  /** Chats and chat completions. */
  readonly chats: Chats;

  constructor(options: SoatClientOptions) {
    const baseUrl = normaliseBaseUrl(options?.baseUrl);
    assertUsableToken(options.token, options.dangerouslyAllowBrowser === true);
    const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    const headers = toHeaders(options.headers, 'SoatClient');
    headers.set('Authorization', `Bearer ${options.token}`);
    const api = createApi({
      baseUrl,
      headers: Object.fromEntries(headers),
    });
    const transport = new Transport({
      fetch,
      maxRetries: options.maxRetries ?? 2,
      timeout: options.timeout ?? 600_000,
      streamIdleTimeout: options.streamIdleTimeout ?? 120_000,
      logger: options.logger,
    });
    this.chats = new Chats(api, transport);
  }
}
