// Serves the browser example on 127.0.0.1: the page, its esbuild bundle, and a mock SOAT server.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startSoatMockServer } from '@soat/sdk/mock-server';
import { build } from 'esbuild';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const token = 'browser-session-token';
// With CORS (the page has another origin); `pauseMs` paces answers like a real model's.
const mock = await startSoatMockServer({ token, pauseMs: 60 });

const bundle = await build({
  entryPoints: [here('app.ts')], // '@soat/sdk' resolves through tsconfig paths
  bundle: true,
  write: false,
  format: 'esm',
  target: 'es2022',
});
const config = { baseUrl: mock.url, token, aiProviderId: 'aip_example' };
const files: Record<string, [type: string, body: string]> = {
  '/': ['text/html; charset=utf-8', await readFile(here('index.html'), 'utf8')],
  '/app.js': ['text/javascript; charset=utf-8', bundle.outputFiles[0]?.text ?? ''],
  '/config.json': ['application/json', JSON.stringify(config)],
};

const server = createServer((request, response) => {
  const [type = 'text/plain', body = 'Not found'] = files[request.url ?? '/'] ?? [];
  if (body === 'Not found') console.error(`404 ${request.method} ${request.url}`);
  response.writeHead(body === 'Not found' ? 404 : 200, { 'Content-Type': type }).end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Browser example: http://127.0.0.1:${port}/ (mock SOAT server at ${mock.url})`);
});

const stop = async () => {
  server.closeAllConnections();
  server.close();
  await mock.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
