// A server that holds the SOAT key and streams completions on to its page: the browser never
// sees the key. The page (app.ts) reads the answers with parseChatCompletionStream, so an
// upstream failure reaches it as the same SoatStreamError a direct call throws.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { type ChatMessage, toErrorResponse } from '@soat/sdk';
import { sendResponse } from '@soat/sdk/node';
import { build } from 'esbuild';
import { connect } from '../connect.js';

const { soat, aiProviderId, close } = await connect(); // SOAT_TOKEN: your sk_ key

/** POST /api/chat `{ messages }`: the completion, streamed on in SOAT's own event-stream format. */
async function chat(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { messages } = (await json(request)) as { messages: ChatMessage[] };
  const result = await soat.chats.createChatCompletion({
    body: {
      ai_provider_id: aiProviderId,
      // Only the user's and assistant's turns: a `system` message from the browser would
      // replace the system prompt.
      messages: messages.filter((message) => message.role !== 'system'),
      stream: true,
    },
  });
  // An error (even one SOAT sent inside a 200 stream) goes out as a 4xx/5xx JSON answer; a
  // stream goes out piped, and is cancelled, closing the upstream connection, if the page leaves.
  await sendResponse(result.error ? toErrorResponse(result) : result.data.toResponse(), response);
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
      // A body that is not JSON is the page's mistake; anything else is the upstream's. The
      // page gets no detail of the upstream (its URL, say): the server's log does.
      console.error(failure);
      const [status, text] =
        failure instanceof SyntaxError
          ? [400, 'The request body is not JSON.']
          : [502, 'The SOAT server could not be reached.'];
      void sendResponse(toErrorResponse({ error: { error: text } }, { status }), response);
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
