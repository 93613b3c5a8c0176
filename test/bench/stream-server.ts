// The upstream of figures 6 and 7, in its own process so that its work is not billed to the
// client being measured. Every POST gets a SOAT event stream, written as a SOAT server does:
// the events, `data: [DONE]`, then the end of the body in the next turn. A body whose `model`
// is `big` gets the large body of `--size` bytes (figure 7); any other gets a short answer
// (figure 6). Each answer names its TCP connection in `x-connection`, so clients can count
// the connections they opened. Prints `{ port, shortText, bigText }` digests on stdout; exits
// when stdin closes.
import { createServer } from 'node:http';
import { buildBody } from './body.js';
import { argument, digest } from './stats.js';

const short = buildBody(400, 3);
const big = buildBody(Number(argument('size', '1000000')), 4);
const DONE = 'data: [DONE]\n\n';
const split = (bytes: Uint8Array) => {
  const text = new TextDecoder().decode(bytes);
  return Buffer.from(text.slice(0, text.length - DONE.length));
};
const shortEvents = split(short.bytes);
const bigEvents = split(big.bytes);

let connections = 0;
const ids = new WeakMap<object, number>();
const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (piece) => {
    body += piece;
  });
  request.on('end', () => {
    const isBig = body.includes('"model":"big"');
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-connection': String(ids.get(request.socket)),
    });
    response.write(isBig ? bigEvents : shortEvents);
    response.write(DONE);
    setImmediate(() => response.end());
  });
});
server.on('connection', (socket) => ids.set(socket, ++connections));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(
    `${JSON.stringify({ port: address.port, short: short.text, big: digest(big.text) })}\n`,
  );
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
