// @soat/sdk/node's sendResponse, between real node:http servers and clients on 127.0.0.1.
import { once } from 'node:events';
import {
  createServer,
  get,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SoatClient, SoatError, toErrorResponse } from '../../src/index.js';
import { startSoatMockServer } from '../../src/mock-server.js';
import { sendResponse } from '../../src/node.js';

vi.setConfig({ testTimeout: 30_000 });

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Starts a server on 127.0.0.1 whose every request goes to `handle`; resolves to its URL. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** A request whose response is handed over before its body is read. */
async function request(url: string): Promise<IncomingMessage> {
  const req = get(url);
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  return res;
}

/** Resolves with what `promise` settled with, as `{ value }` or `{ error }`. */
function settled<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** Waits until `read()` gives the same value for five turns in a row, then returns it. */
async function whenSteady(read: () => number): Promise<number> {
  let last = -1;
  let same = 0;
  while (same < 5) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

describe('sendResponse', () => {
  it('sends the status, the headers (each Set-Cookie kept) and the whole body', async () => {
    let done: Promise<void> | undefined;
    const url = await serve((_req, res) => {
      const headers = new Headers({ 'Content-Type': 'text/plain', 'X-Extra': 'yes' });
      headers.append('Set-Cookie', 'a=1');
      headers.append('Set-Cookie', 'b=2');
      done = sendResponse(new Response('hello, node', { status: 201, headers }), res);
    });

    const response = await fetch(url);

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('x-extra')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.text()).toBe('hello, node');
    await expect(done).resolves.toBeUndefined();
  });

  it('sends a Response without a body as its status and headers alone', async () => {
    let done: Promise<void> | undefined;
    const url = await serve((_req, res) => {
      done = sendResponse(new Response(null, { status: 204, headers: { 'X-Id': '7' } }), res);
    });

    const response = await fetch(url);

    expect(response.status).toBe(204);
    expect(response.headers.get('x-id')).toBe('7');
    await expect(done).resolves.toBeUndefined();
  });

  it('reads the body only as fast as the client takes it', async () => {
    const piece = new Uint8Array(64 * 1024);
    const total = 4096; // 256 MiB if read ahead without bound
    let produced = 0;
    let done: Promise<void> | undefined;
    const url = await serve((_req, res) => {
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          produced += 1;
          if (produced > total) controller.close();
          else controller.enqueue(piece);
        },
      });
      done = sendResponse(new Response(body), res);
    });

    const res = await request(url);
    res.pause(); // the client stops reading: only the buffers in between may fill
    const ahead = await whenSteady(() => produced);
    expect(ahead).toBeLessThan(total / 8);

    let received = 0;
    res.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    res.resume();
    await once(res, 'end');
    expect(received).toBe(total * piece.length);
    await expect(done).resolves.toBeUndefined();
  });

  it('cancels the body when the client leaves, closing the connection to the upstream server', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('data: {"choices":[]}\n\n'); // then nothing: an answer still being written
      res.once('close', () => upstreamClosed());
    });
    let done: Promise<void> | undefined;
    const url = await serve(async (_req, res) => {
      done = sendResponse(await fetch(upstream), res);
    });

    const res = await request(url);
    await once(res, 'data'); // the first event arrived: the answer is under way
    res.destroy(); // the browser left

    await closed;
    await expect(done).resolves.toBeUndefined();
  });

  it('stops the SOAT completion when the client leaves a forwarded stream', async () => {
    const soatServer = await startSoatMockServer();
    try {
      const soat = new SoatClient({ baseUrl: soatServer.url, token: 'sk_test' });
      soatServer.reply({ pieces: ['one ', 'two ', 'three ', 'four'], pauseMs: 200 });
      let done: Promise<void> | undefined;
      const url = await serve(async (_req, res) => {
        const {
          data: stream,
          error,
          response,
        } = await soat.chats.createChatCompletion({
          body: {
            ai_provider_id: 'aip_x',
            messages: [{ role: 'user', content: 'Hi' }],
            stream: true,
          },
        });
        done = sendResponse(
          error ? toErrorResponse({ error, response }) : stream.toResponse(),
          res,
        );
      });

      const res = await request(url);
      await once(res, 'data');
      res.destroy();

      while (soatServer.state.completions[0]?.outcome !== 'cancelled') {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await expect(done).resolves.toBeUndefined();
    } finally {
      await soatServer.close();
    }
  });

  it('only cancels the body when the client left before anything was sent', async () => {
    let cancelled!: (reason: unknown) => void;
    const cancel = new Promise((resolve) => {
      cancelled = resolve;
    });
    let done: Promise<void> | undefined;
    let handled!: () => void;
    const sent = new Promise<void>((resolve) => {
      handled = resolve;
    });
    const url = await serve((req, res) => {
      res.once('close', () => {
        const body = new ReadableStream<Uint8Array>({ cancel: (reason) => cancelled(reason) });
        done = sendResponse(new Response(body), res);
        handled();
      });
      req.resume();
    });

    const req = get(url);
    req.on('error', () => {}); // the client hangs up itself
    req.once('socket', (socket) => socket.once('connect', () => setImmediate(() => req.destroy())));
    await sent;

    await cancel;
    await expect(done).resolves.toBeUndefined();
  });

  it('rejects with the body’s error and cuts the response when the body fails mid-way', async () => {
    const failure = new Error('upstream broke');
    let done: Promise<{ error?: unknown }> | undefined;
    const url = await serve((_req, res) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('partial'));
        },
        pull(controller) {
          controller.error(failure);
        },
      });
      done = settled(sendResponse(new Response(body), res));
    });

    const res = await request(url);
    const outcome = await settled(
      new Promise<string>((resolve, reject) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk;
        });
        res.on('end', () => resolve(text));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('aborted')));
      }),
    );

    expect(outcome.error).toBeInstanceOf(Error); // never a body that looks complete
    expect((await done)?.error).toBe(failure);
  });

  it('refuses a response whose headers are already sent, with a SoatError, and sends nothing more', async () => {
    let done: Promise<{ error?: unknown }> | undefined;
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      done = settled(sendResponse(new Response('second'), res));
      void done.then(() => res.end('first'));
    });

    const response = await fetch(url);

    expect(await response.text()).toBe('first');
    expect((await done)?.error).toBeInstanceOf(SoatError);
  });

  it('refuses a Response whose body was already read, with a SoatError', async () => {
    const used = new Response('gone');
    await used.text();
    const res = { writeHead: () => {}, headersSent: false } as unknown as ServerResponse;
    await expect(sendResponse(used, res)).rejects.toThrow(/already read/);
  });

  it('leaves out a fetched response’s Content-Encoding and Content-Length, since fetch decoded the body', async () => {
    const { gzipSync } = await import('node:zlib');
    const packed = gzipSync('decoded text');
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': packed.length });
      res.end(packed);
    });
    const url = await serve(async (_req, res) => {
      await sendResponse(await fetch(upstream), res);
    });

    const response = await fetch(url);

    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe('decoded text');
  });
});
