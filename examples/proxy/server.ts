// A server that holds the SOAT key and streams completions on to its page: the browser never
// sees the key. The page (app.ts) reads the answers with parseChatCompletionStream, so an
// upstream failure reaches it as the same SoatStreamError a direct call throws.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { json } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import type { ChatMessage } from '@soat/sdk';
import { build } from 'esbuild';
import { connect } from '../connect.js';

const { soat, aiProviderId, close } = await connect(); // SOAT_TOKEN: your sk_ key

/** POST /api/chat `{ messages }`: the completion, streamed on in SOAT's own event-stream format. */
async function chat(request: IncomingMessage, response: ServerResponse): Promise<void> {
  // The browser left before the answer was complete: stop the upstream completion too.
  const left = new AbortController();
  response.once('close', () => response.writableFinished || left.abort());
  const { messages } = (await json(request)) as { messages: ChatMessage[] };
  const {
    data: stream,
    error,
    response: upstream,
  } = await soat.chats.createChatCompletion({
    body: { ai_provider_id: aiProviderId, messages, stream: true },
    signal: left.signal,
  });
  if (error) {
    response.writeHead(upstream.status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(error));
    return;
  }
  const events = stream.toResponse();
  response.writeHead(events.status, Object.fromEntries(events.headers));
  // pipeline, not .pipe(): when the browser leaves, it cancels the event stream, which closes
  // the upstream connection; .pipe() would keep the completion running.
  await pipeline(Readable.fromWeb(events.body as NodeReadableStream<Uint8Array>), response);
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const bundle = await build({
  entryPoints: [here('app.ts')],
  bundle: true,
  write: false,
  format: 'esm',
});
const files: Record<string, [type: string, body: string]> = {
  '/': ['text/html; charset=utf-8', await readFile(here('index.html'), 'utf8')],
  '/app.js': ['text/javascript; charset=utf-8', bundle.outputFiles[0]?.text ?? ''],
};

const server = createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/api/chat') {
    chat(request, response).catch((failure: unknown) => {
      if (response.headersSent) return void response.destroy(); // the page sees a cut stream
      // A body that is not JSON is the page's mistake; anything else is the upstream's.
      const status = failure instanceof SyntaxError ? 400 : 502;
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: String(failure) }));
    });
    return;
  }
  const [type = 'text/plain', body = 'Not found'] = files[request.url ?? '/'] ?? [];
  response.writeHead(body === 'Not found' ? 404 : 200, { 'Content-Type': type }).end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Proxy example: http://127.0.0.1:${port}/`);
});

const stop = async () => {
  server.closeAllConnections();
  server.close();
  await close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
