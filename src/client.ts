import { normaliseBaseUrl } from './core/base-url.js';
import { isBranded } from './core/brand.js';
import { createApi, fetchWith } from './core/create-api.js';
import { withEnvironmentDefaults } from './core/environment.js';
import { type HeadersOption, toHeaders } from './core/headers.js';
import { createLog, type SoatLogLevel } from './core/log.js';
import { assertUsableToken } from './core/runtime.js';
import { createDetection } from './core/server-detection.js';
import { generationOf } from './core/server-generations.js';
import { createTransport } from './core/transport.js';
import { Chats } from './resources/chats.js';

/** Options of `new SoatClient()`. */
export interface SoatClientOptions {
  /**
   * The server's address, e.g. `https://api.example.com`, or one with a path prefix such as
   * `https://example.com/soat`. Trailing slashes and a trailing `/api/v1` are dropped; a query
   * string or fragment is refused.
   * @defaultValue `SOAT_BASE_URL` where the runtime has an environment (never in a browser)
   */
  baseUrl?: string | undefined;
  /**
   * A session token (JWT) or an `sk_` API key, sent as `Authorization: Bearer <token>`.
   * @defaultValue `SOAT_TOKEN` where the runtime has an environment (never in a browser)
   */
  token?: string | undefined;
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
  /**
   * A stream fails with `SoatStreamError` when this many characters arrive without completing
   * an event (a line that never ends), instead of holding them all in memory.
   * @defaultValue 8388608 (8 Mi: a whole answer sent as one event fits)
   */
  maxEventSize?: number | undefined;
  /** Allow an `sk_` API key in a browser, where anyone can read it. @defaultValue false */
  dangerouslyAllowBrowser?: boolean | undefined;
  /**
   * Receives the log lines: once per attempt, method, path, status, ms, retry number and request
   * id; at `logLevel: 'debug'` also headers and bodies. Never sees the token.
   * @defaultValue `console.error` when a level is set, else no logging
   */
  logger?: ((line: string) => void) | undefined;
  /**
   * `off`, `info` (the per-attempt lines) or `debug` (also headers and bodies).
   * @defaultValue `SOAT_LOG` where the runtime has an environment, else `info` with a `logger`
   * and `off` without one
   */
  logLevel?: SoatLogLevel | undefined;
  /**
   * The SOAT version of the server, e.g. `0.28.0`, to send every call the way that version
   * takes it: one request per call. Any `0.x` maps to its generation (0.12, 0.13 – 0.22,
   * 0.23 and later); a newer version counts as the newest known.
   * @defaultValue `SOAT_SERVER_VERSION` where the runtime has an environment; without either,
   * the client finds out from the server's answers, at a cost of at most two extra requests
   * over its life (none against SOAT 0.12)
   */
  serverVersion?: string | undefined;
}

/**
 * The client of SOAT's Chats API. One instance holds the connection settings; its resources
 * make the calls.
 *
 * `baseUrl`, `token` and `logLevel` default to `SOAT_BASE_URL`, `SOAT_TOKEN` and `SOAT_LOG`
 * where the runtime has an environment (Node, Bun, Deno with `--allow-env`; never a browser).
 *
 * @throws `SoatError` when `baseUrl` or `token` is given by neither the options nor the
 * environment, `baseUrl` is not an absolute URL or holds a query or fragment, the token cannot be sent in a header, an `sk_`
 * API key is used in a browser without `dangerouslyAllowBrowser`, the log level is unknown, or
 * `serverVersion` is not a version such as `0.28.0`.
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
  declare readonly chats: Chats;

  constructor(options: SoatClientOptions = {}) {
    options = withEnvironmentDefaults(options);
    const baseUrl = normaliseBaseUrl(options?.baseUrl);
    const detect = createDetection(generationOf(options.serverVersion));
    assertUsableToken(options.token, options.dangerouslyAllowBrowser === true);
    const log = createLog(options, options.token as string);
    // Without a `fetch` option or debug logging, requests go to `globalThis.fetch(url, init)`
    // and no `Request` is built at all (create-api.ts); otherwise the fetch gets a real one.
    const fetch = fetchWith(log.wrapFetch(options.fetch));
    const headers = toHeaders(options.headers, 'SoatClient');
    headers.set('Authorization', `Bearer ${options.token}`);
    const api = createApi({
      baseUrl,
      headers: Object.fromEntries(headers),
    });
    const transport = createTransport({
      fetch,
      maxRetries: options.maxRetries ?? 2,
      timeout: options.timeout ?? 600_000,
      streamIdleTimeout: options.streamIdleTimeout ?? 120_000,
      maxEventSize: options.maxEventSize,
      logger: log.info,
      scrub: log.scrub,
    });
    this.chats = new Chats(api, transport, detect);
  }
}
