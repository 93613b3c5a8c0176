import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by {@link toWebRequest} when a request's body is larger than allowed. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The largest request body the mock server reads: 1 MiB, the real server's JSON limit. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a node:http request, body included, into a web `Request`.
 * @param req - the incoming request
 * @param origin - scheme and host to resolve `req.url` against
 * @param signal - becomes the request's signal (abort it when the client goes away)
 * @param maxBodyBytes - the largest body read; past it, reading stops
 * @returns the request; rejects with a {@link BodyTooLargeError} as soon as the body (or its
 *   `Content-Length`) passes `maxBodyBytes`, or if the body cannot be read (the client went away)
 */
export async function toWebRequest(
  req: IncomingMessage,
  origin: string,
  signal?: AbortSignal,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<Request> {
  const headers = new Headers();
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    headers.append(req.rawHeaders[index] as string, req.rawHeaders[index + 1] as string);
  }
  const chunks = await readBody(req, maxBodyBytes);
  const method = req.method ?? 'GET';
  const hasBody = chunks.length > 0 && method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(signal ? { signal } : {}),
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}

/**
 * Reads a request's body into memory, up to `maxBodyBytes`. Past it, the rest is read and
 * dropped (not kept), so the socket stays usable for the `413` answer.
 */
function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.resume();
      chunks.length = 0;
      reject(new BodyTooLargeError(maxBodyBytes));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge();
      else chunks.push(chunk);
    };
    const onEnd = () => resolve(chunks);
    const onError = (error: Error) => reject(error);
    req.once('close', () => reject(new Error('the client went away before sending its body')));
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      tooLarge();
      return;
    }
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
  });
}

/**
 * Writes a web `Response` to a node:http response. A `text/event-stream` body is written
 * chunk by chunk as it is produced (headers flushed first); when the client disconnects the
 * body is cancelled, which stops its production. Other bodies are sent whole with a length.
 * @param response - what to send
 * @param res - where to send it
 * @param extraHeaders - headers to add (the response's own win)
 * @returns resolves once the body was sent or abandoned; never rejects
 */
export async function sendWebResponse(
  response: Response,
  res: ServerResponse,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<void> {
  const headers: Record<string, string> = { ...extraHeaders };
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const isStream = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
  if (!response.body || !isStream) {
    const body = Buffer.from(await response.arrayBuffer());
    if (response.body) headers['content-length'] = String(body.length);
    res.writeHead(response.status, headers);
    res.end(body.length > 0 ? body : undefined);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  const stop = () => {
    reader.cancel().catch(() => undefined);
  };
  res.once('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      res.write(value);
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off('close', stop);
  }
}
