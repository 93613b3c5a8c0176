// A page built with the Vercel AI SDK's `useChat` (page.tsx), answered by SOAT through the route
// in route.ts. `npx tsx examples/ai-sdk/server.ts`, then open the printed URL.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { connect } from '../connect.js';
import { chatRoute } from './route.js';

const { soat, aiProviderId, close } = await connect(); // SOAT_TOKEN: your sk_ key
const route = chatRoute(soat, aiProviderId);

/** Runs the fetch-style route for a node:http request; the page leaving aborts `request.signal`. */
async function serveRoute(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const left = new AbortController();
  response.once('close', () => response.writableFinished || left.abort());
  const answer = await route(
    new Request(`http://${request.headers.host}${request.url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: await text(request),
      signal: left.signal,
    }),
  );
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  // pipeline, not .pipe(): when the page leaves, it cancels the body, which stops the completion.
  await pipeline(Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>), response);
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const bundle = await build({
  entryPoints: [here('page.tsx')],
  bundle: true,
  write: false,
  format: 'esm',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  minify: true,
});
const files: Record<string, [type: string, body: string]> = {
  '/': ['text/html; charset=utf-8', await readFile(here('index.html'), 'utf8')],
  '/page.js': ['text/javascript; charset=utf-8', bundle.outputFiles[0]?.text ?? ''],
};

const server = createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/api/chat') {
    serveRoute(request, response).catch(() => {
      if (response.headersSent) return void response.destroy(); // useChat sees a cut stream
      response.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request');
    });
    return;
  }
  const [type = 'text/plain', body = 'Not found'] = files[request.url ?? '/'] ?? [];
  response.writeHead(body === 'Not found' ? 404 : 200, { 'Content-Type': type }).end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`AI SDK example: http://127.0.0.1:${port}/`);
});

const stop = async () => {
  server.closeAllConnections();
  server.close();
  await close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
