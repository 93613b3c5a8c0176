import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SoatError } from '../errors.js';
import { createSoatBackend, type SoatBackend } from './backend.js';
import { ALLOW_ORIGIN, preflightHeaders } from './cors.js';
import {
  BodyTooLargeError,
  DEFAULT_MAX_BODY_BYTES,
  sendWebResponse,
  toWebRequest,
} from './node-adapter.js';
import { JSON_CONTENT_TYPE } from './responses.js';
import type { SoatBackendControls, SoatBackendOptions } from './types.js';

/** Options of {@link startSoatMockServer}. */
export interface SoatMockServerOptions extends SoatBackendOptions {
  /** Port to listen on. @defaultValue `0` (an ephemeral port) */
  port?: number | undefined;
  /** Interface to listen on. @defaultValue `'127.0.0.1'` */
  host?: string | undefined;
  /**
   * The largest request body read, in bytes; a larger one is answered `413` with a JSON error
   * body (as the real server's 1 MB JSON limit is) and the connection closed, without buffering
   * the rest. @defaultValue `1048576` (1 MiB)
   */
  maxBodyBytes?: number | undefined;
}

/** A running mock server and its controls. */
export interface SoatMockServer extends SoatBackendControls {
  /** Where it listens, e.g. `http://127.0.0.1:5047` (no trailing slash): use it as `baseUrl`. */
  url: string;
  /**
   * Stops listening and ends open connections (open streams are cancelled).
   * @returns resolves once closed; rejects if the server was not running
   */
  close(): Promise<void>;
}

/**
 * Serves the in-memory SOAT Chats backend over node:http, with CORS for browsers: `OPTIONS`
 * preflights get `204` (they are not recorded in `state.requests`), every answer carries
 * `Access-Control-Allow-Origin: *`. Streams are
 * written piece by piece; a client that disconnects stops the production of its stream.
 * This module and its imports never load msw.
 *
 * @example
 * ```ts
 * const mock = await startSoatMockServer({ token: 'sk_test' });
 * mock.reply({ pieces: ['Hel', 'lo'] });
 * // point a client at mock.url ...
 * await mock.close();
 * ```
 * @param options - port, host, token, known AI providers, seeded documents, default pause, the
 *   SOAT version to play (`serverVersion`), the largest request body (`maxBodyBytes`)
 * @returns the server's url and controls; rejects if it cannot listen (e.g. the port is taken),
 *   or with a `SoatError` when `pauseMs` is not a number of milliseconds from 0, `serverVersion`
 *   is not a version such as `0.28.0`, or `maxBodyBytes` is not a whole number from 0
 */
export async function startSoatMockServer(
  options: SoatMockServerOptions = {},
): Promise<SoatMockServer> {
  const {
    port = 0,
    host = '127.0.0.1',
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    ...backendOptions
  } = options;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes >= 0)) {
    throw new SoatError(
      `maxBodyBytes must be a whole number of bytes from 0, got ${String(maxBodyBytes)}`,
    );
  }
  const backend = createSoatBackend(backendOptions);
  let url = '';
  const server = createServer((req, res) => {
    void serve(backend, req, res, url, maxBodyBytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${hostname}:${address.port}`;
  return {
    url,
    state: backend.state,
    reply: backend.reply,
    reset: backend.reset,
    seedDocument: backend.seedDocument,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(
  backend: SoatBackend,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  maxBodyBytes: number,
): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, preflightHeaders(req.headers['access-control-request-headers']));
    res.end();
    return;
  }
  const disconnected = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) disconnected.abort();
  });
  try {
    const request = await toWebRequest(req, origin, disconnected.signal, maxBodyBytes);
    const response = await backend.handle(request);
    await sendWebResponse(response, res, ALLOW_ORIGIN);
  } catch (error) {
    if (error instanceof BodyTooLargeError && !res.headersSent) {
      await sendWebResponse(backend.bodyTooLarge(), res, { ...ALLOW_ORIGIN, Connection: 'close' });
      return;
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(500, { ...ALLOW_ORIGIN, 'Content-Type': JSON_CONTENT_TYPE });
    res.end(JSON.stringify({ error: 'Internal Server Error' }));
  }
}
