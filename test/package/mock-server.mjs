// Starts @soat/sdk/mock-server in a project where msw is NOT installed (it is an optional peer
// dependency), after importing the main entry too; prints its url as one JSON line and serves
// until stdin closes. scripts/check-package.mjs runs it, then the consumers against that url.
import { createRequire } from 'node:module';
import { SoatClient } from '@soat/sdk';
import { startSoatMockServer } from '@soat/sdk/mock-server';

try {
  createRequire(import.meta.url).resolve('msw');
  throw new Error('msw is installed in this project, so it cannot prove the server needs no msw');
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND') throw error;
}
if (typeof SoatClient !== 'function') throw new Error('@soat/sdk did not export SoatClient');

const server = await startSoatMockServer({ token: 'sk_consumer' });
console.log(JSON.stringify({ url: server.url }));
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close();
});
