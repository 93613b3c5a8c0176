// Serves the browser-mock example on 127.0.0.1: no SOAT server anywhere, the page mocks it.
//   npx tsx examples/browser-mock/serve.ts   then open the printed URL
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildBrowserMockSite } from './site.js';

const { files } = await buildBrowserMockSite();
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const [type = 'text/plain', body = 'Not found'] = files[path] ?? [];
  response.writeHead(body === 'Not found' ? 404 : 200, { 'Content-Type': type }).end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Browser mock example: http://127.0.0.1:${port}/`);
});

const stop = () => {
  server.closeAllConnections();
  server.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
