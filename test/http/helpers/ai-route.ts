import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/** A fetch-style route handler, as in Next.js or Hono. */
export type Handler = (request: Request) => Promise<Response>;

/** A `node:http` server on 127.0.0.1 serving one fetch-style handler. */
export interface RouteServer {
  /** `http://127.0.0.1:<port>/api/chat`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `handler` on 127.0.0.1: the request becomes a `Request` whose signal aborts when the
 * client leaves; the `Response` body is piped back with `pipeline`, which cancels it when the
 * client leaves.
 */
export async function startRoute(handler: Handler): Promise<RouteServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const left = new AbortController();
    res.once('close', () => res.writableFinished || left.abort());
    (async () => {
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method ?? 'GET',
        headers: req.headers as Record<string, string>,
        body: req.method === 'POST' ? await text(req) : null,
        signal: left.signal,
      });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
    })().catch(() => (res.headersSent ? res.destroy() : res.writeHead(500).end()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/chat`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
