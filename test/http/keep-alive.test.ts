// Issue 11 #5: after `data: [DONE]` the rest of the body is drained in the background, so a
// streamed completion hands its keep-alive connection back instead of tearing it down.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SoatClient } from '../../src/index.js';
import { delta, encodeEventStream } from '../fixtures/sse.js';

const ANSWER = encodeEventStream([delta('Hello'), delta(' from')]);
const servers: Server[] = [];

/** A server whose every answer is `respond`; counts the TCP connections it accepts. */
async function countingServer(respond: (res: import('node:http').ServerResponse) => void) {
  const stats = { connections: 0, aborted: 0 };
  const server = createServer((req, res) => {
    req.resume();
    res.on('close', () => {
      if (!res.writableFinished) stats.aborted++;
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    respond(res);
  });
  server.on('connection', () => stats.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, stats };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function streamTwenty(baseUrl: string, read: 'text' | 'for await') {
  const soat = new SoatClient({ baseUrl, token: 'sk_test_keep_alive' });
  for (let i = 0; i < 20; i++) {
    const { data } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
    if (read === 'text') expect(await data?.text()).toBe('Hello from');
    else for await (const _ of data ?? []);
  }
}

describe('keep-alive after [DONE]', () => {
  it('reuses connections for 20 sequential streamed text() calls: at most 3 opened', async () => {
    // As a SOAT server does: each event its own write, the end of the body right after [DONE].
    const server = await countingServer((res) => {
      res.write(ANSWER);
      setTimeout(() => res.end(), 1);
    });
    await streamTwenty(server.baseUrl, 'text');
    expect(server.stats.connections).toBeLessThanOrEqual(3);
    expect(server.stats.aborted).toBe(0);
  });

  it('lets a body that ends a little after [DONE] end instead of aborting it', async () => {
    const server = await countingServer((res) => {
      res.write(ANSWER);
      setTimeout(() => res.end(), 5);
    });
    await streamTwenty(server.baseUrl, 'for await');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.stats.aborted).toBe(0);
  });

  it('gives the connection up when the body has not ended a second after [DONE]', async () => {
    const server = await countingServer((res) => res.write(ANSWER));
    await streamTwenty(server.baseUrl, 'text');
    // Waits for the event, however busy the machine; the test's timeout bounds it.
    while (server.stats.aborted < 20) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.stats.aborted).toBe(20);
  });

  it('gives the connection up when the server sends over 64 KiB after [DONE]', async () => {
    const server = await countingServer((res) => {
      res.write(ANSWER);
      const more = setInterval(() => res.write(': still here\n\n'.repeat(2000)), 1);
      res.on('close', () => clearInterval(more));
    });
    await streamTwenty(server.baseUrl, 'text');
    // Waits for the event, however busy the machine; the test's timeout bounds it.
    while (server.stats.aborted < 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.stats.aborted).toBe(20);
  });
});
