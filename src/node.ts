// @soat/sdk/node: helpers for Node servers (node:http, Express, Fastify's raw reply, …). Its own
// entry point, so that nothing a browser loads imports a Node built-in.
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { SoatError } from './errors.js';

/** Headers that describe one connection, not the message: never copied to another. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Sends a web `Response` (`stream.toResponse()`, `toErrorResponse(…)`, one from `fetch`, an AI
 * SDK UI message stream, …) to a Node `ServerResponse` (Express's `res` is one): its status and
 * headers (every `Set-Cookie` kept; hop-by-hop headers left out, and `Content-Encoding` /
 * `Content-Length` of a fetched response, whose body `fetch` already decoded), then its body,
 * piped with backpressure: the body is read only as fast as the client takes it.
 *
 * When the client leaves before the end, the body is cancelled: for a completion stream that
 * closes the connection to the SOAT server. Works under the DOM lib and without it, no cast.
 *
 * @returns a promise that resolves once the whole body was sent, or once the client left (the
 * body then cancelled).
 * @throws (rejects with) `SoatError` when `res` already sent its headers or the body was already
 * read; the body's own error when it fails mid-way, after destroying `res` (the client sees a
 * body that stops, never one that looks complete).
 *
 * @example
 * ```ts
 * import { sendResponse } from '@soat/sdk/node';
 *
 * createServer(async (req, res) => {
 *   const { data: stream, error, response } = await soat.chats.createChatCompletion({ body });
 *   await sendResponse(error ? toErrorResponse({ error, response }) : stream.toResponse(), res);
 * });
 * ```
 */
export async function sendResponse(response: Response, res: ServerResponse): Promise<void> {
  if (typeof response?.status !== 'number' || typeof response.headers?.forEach !== 'function') {
    throw new SoatError('sendResponse: expected a web `Response` as the first argument.');
  }
  if (typeof res?.writeHead !== 'function') {
    throw new SoatError('sendResponse: expected a Node `ServerResponse` as the second argument.');
  }
  if (res.headersSent) {
    throw new SoatError('sendResponse: the response already sent its headers; nothing was sent.');
  }
  if (response.bodyUsed) {
    throw new SoatError('sendResponse: the Response’s body was already read; nothing was sent.');
  }
  const body = response.body;
  if (res.destroyed || res.writableEnded) {
    // The client is gone already: only let go of the upstream.
    await body?.cancel().catch(() => {});
    return;
  }
  res.writeHead(response.status, response.statusText || undefined, headersOf(response));
  // Which went first tells a client that left from a body that failed: either way the other
  // side is then torn down too, and the pipeline rejects.
  let first: 'client left' | 'body failed' | undefined;
  res.once('close', () => {
    if (!res.writableFinished) first ??= 'client left';
  });
  try {
    if (body === null) {
      res.end();
      await finished(res);
    } else {
      // Readable.fromWeb: backpressure, and destroying it (the client left) cancels the body.
      const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
      source.once('error', () => {
        first ??= 'body failed';
      });
      await pipeline(source, res);
    }
  } catch (error) {
    if (first === 'client left') return;
    throw error;
  }
}

/** The headers to write: every `Set-Cookie` kept apart, connection-level ones left out. */
function headersOf(response: Response): Record<string, string | string[]> {
  // `fetch` decodes a compressed body but leaves these headers, which then describe other bytes.
  const decoded = response.url !== '' && response.headers.has('content-encoding');
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || name === 'set-cookie') return;
    if (decoded && (name === 'content-encoding' || name === 'content-length')) return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return headers;
}
