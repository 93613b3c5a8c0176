// Issue 20 (items 2, 3, 6, 9) and issue 21 item 2, from the outside: real node:http servers on
// 127.0.0.1, a client with its own fetch, and a proxy that forwards a stream to a "page".
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe } from 'vitest';
import {
  parseChatCompletionStream,
  SoatApiError,
  SoatClient,
  type SoatClientOptions,
  SoatStreamError,
  SoatTimeoutError,
  unwrap,
} from '../../src/index.js';
import { type Answer, json, test } from './helpers/test-server.js';

const TOKEN = 'sk_test_defects';
const STREAM_BODY = {
  ai_provider_id: 'aip_1',
  messages: [{ role: 'user' as const, content: 'Hi' }],
  stream: true as const,
};
const CHUNK = 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n';

function client(baseUrl: string, options: Partial<SoatClientOptions> = {}) {
  return new SoatClient({ baseUrl, token: TOKEN, maxRetries: 0, ...options });
}

/** `200 text/event-stream`: one chunk, then a line that never ends, 64 KiB a write. */
const endlessLine: Answer = (res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(`${CHUNK}data: `);
  const piece = 'x'.repeat(64 * 1024);
  const write = () => {
    while (!res.destroyed && res.write(piece));
    if (!res.destroyed) res.once('drain', write);
  };
  write();
};

/** `200 application/json`: half a completion, then nothing more. */
const stallingJson: Answer = (res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': 200 });
  res.write('{"object":"chat.completion",');
};

describe.concurrent('a line that never ends (issue 20 #2)', () => {
  test('fails with a SoatStreamError naming maxEventSize, keeping the text before it', async ({
    serve,
    expect,
  }) => {
    const server = await serve(endlessLine);
    const { data: stream } = await client(server.baseUrl, {
      maxEventSize: 1024 * 1024,
    }).chats.createChatCompletion({ body: STREAM_BODY });
    const failure = await stream?.text().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect((failure as Error).message).toMatch(/longer than 1048576 characters \(maxEventSize\)/);
    expect((failure as SoatStreamError).partialText).toBe('Hi');
    // The connection is closed, not left streaming.
    await server.requests[0]?.socketClosed;
  });
});

describe.concurrent('a token echoed in a 401 (issue 20 #3)', () => {
  test('reaches neither the SoatApiError message nor util.inspect', async ({ serve, expect }) => {
    const server = await serve((res, request) =>
      json(401, { error: `Invalid API key ${request.headers.authorization?.slice(7)}` })(
        res,
        request,
      ),
    );
    const failure = await client(server.baseUrl, { token: 'sk_live_Zq7HTTPSECRET9xK' })
      .chats.listChats()
      .then(unwrap)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatApiError);
    expect((failure as Error).message).toBe('401 Invalid API key *** (GET /api/v1/chats)');
    expect(inspect(failure, { depth: 5 })).not.toContain('HTTPSECRET');
  });
});

describe.concurrent('debug logging (issue 20 #6)', () => {
  test('does not lift streamIdleTimeout from a whole JSON answer that stalls', async ({
    serve,
    expect,
  }) => {
    const server = await serve(stallingJson);
    const failure = await client(server.baseUrl, {
      logLevel: 'debug',
      logger: () => {},
      timeout: Number.POSITIVE_INFINITY,
    })
      .chats.createChatCompletion({ body: STREAM_BODY, streamIdleTimeout: 300 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatTimeoutError);
    expect((failure as Error).message).toMatch(/no data for 300 ms \(streamIdleTimeout\)/);
  });
});

/**
 * A proxy on 127.0.0.1 that forwards completions from `upstream` with `toEventStream()`, or an
 * error result as `Response.json(error)` with status 200, as the README's recipes did.
 */
async function startProxy(upstream: string, options: Partial<SoatClientOptions> = {}) {
  const soat = client(upstream, options);
  const server = createServer(async (_req, res) => {
    const { data: stream, error } = await soat.chats.createChatCompletion({ body: STREAM_BODY });
    const response = stream ? stream.toResponse() : Response.json(error);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/chat`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.concurrent('through a proxy, on the page', () => {
  test('an upstream stall is a SoatTimeoutError free of the upstream path (issue 20 #9)', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(CHUNK);
    });
    const proxy = await startProxy(`${server.baseUrl}/internal/tenant-42/soat`, {
      streamIdleTimeout: 300,
    });
    try {
      const page = parseChatCompletionStream(await fetch(proxy.url, { method: 'POST' }));
      const failure = await page.text().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SoatTimeoutError);
      expect((failure as Error).message).toBe(
        'Completion stream: no data for 300 ms (streamIdleTimeout)',
      );
      expect((failure as SoatTimeoutError).partialText).toBe('Hi');
    } finally {
      await proxy.close();
    }
  });

  test('a wrong provider id forwarded as JSON is a SoatApiError naming it (issue 21 #2)', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        'data: {"error":{"code":"RESOURCE_NOT_FOUND","message":"AI provider \'aip_1\' not found"}}\n\n',
      );
    });
    const proxy = await startProxy(server.baseUrl);
    try {
      const page = parseChatCompletionStream(await fetch(proxy.url, { method: 'POST' }));
      const failure = await page.text().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SoatApiError);
      expect(failure).toMatchObject({ status: 200, code: 'RESOURCE_NOT_FOUND' });
      expect((failure as Error).message).toContain("AI provider 'aip_1' not found");
    } finally {
      await proxy.close();
    }
  });
});
