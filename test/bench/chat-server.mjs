// The server of figure 3, run in its own process so that its work is not billed to the client
// being measured: answers every request with 201 and one Chat, after reading the body. Prints
// its port on stdout and exits when its stdin closes (that is, when the bench does). The chat
// carries its prompt under both names, as the SDK hands every Chat out, so that each contender's
// check is the server's own bytes.
import { createServer } from 'node:http';

const chat = JSON.stringify({
  id: 'cht_V1StGXR8',
  project_id: 'proj_ABC',
  ai_provider_id: 'aip_abc123',
  name: 'Support Assistant',
  system_message: 'You are a helpful support assistant.',
  instructions: 'You are a helpful support assistant.',
  model: null,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
});

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(201, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(chat),
    });
    response.end(chat);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, chat })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
