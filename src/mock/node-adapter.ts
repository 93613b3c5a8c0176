import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Reads a node:http request, body included, into a web `Request`.
 * @param req - the incoming request
 * @param origin - scheme and host to resolve `req.url` against
 * @param signal - becomes the request's signal (abort it when the client goes away)
 * @returns the request; rejects if the body cannot be read (e.g. the client went away)
 */
export async function toWebRequest(
  req: IncomingMessage,
  origin: string,
  signal?: AbortSignal,
): Promise<Request> {
  const headers = new Headers();
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    headers.append(req.rawHeaders[index] as string, req.rawHeaders[index + 1] as string);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
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
