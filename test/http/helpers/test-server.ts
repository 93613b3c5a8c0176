import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as baseTest } from 'vitest';

/** A request as the test server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/chats`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Resolves with `Date.now()` once the server sees this request's TCP connection close. */
  socketClosed: Promise<number>;
}

/** How the server answers one request. */
export type Answer = (res: ServerResponse, request: ReceivedRequest) => void;

/** A `node:http` server on 127.0.0.1 with scripted answers. */
export interface TestServer {
  /** `http://127.0.0.1:<port>`, to pass as `baseUrl`. */
  readonly baseUrl: string;
  /** Every request received so far, in order. */
  readonly requests: ReceivedRequest[];
  /** Closes every connection, then the server. */
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1, port 0. Request number `i` gets `answers[i]`; requests past the
 * end of the script get its last answer. A single answer serves every request.
 */
export async function startTestServer(script: Answer | Answer[]): Promise<TestServer> {
  const answers = Array.isArray(script) ? script : [script];
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const socketClosed = new Promise<number>((resolve) => {
      if (req.socket.destroyed) resolve(Date.now());
      else req.socket.once('close', () => resolve(Date.now()));
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        socketClosed,
      };
      requests.push(request);
      const answer = answers[Math.min(requests.length, answers.length) - 1] as Answer;
      answer(res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A base URL on 127.0.0.1 where nothing listens: connecting is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = await startTestServer(() => {});
  await server.close();
  return server.baseUrl;
}

/** Answers with a JSON body. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (res) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Answers `200 text/event-stream` with the given SSE text, then ends the body. */
export function eventStream(text: string): Answer {
  return (res) => {
    startEventStream(res);
    res.end(text);
  };
}

/** Answers `200 text/event-stream`, sends the given SSE text, then never sends another byte. */
export function stallingEventStream(text: string): Answer {
  return (res) => {
    startEventStream(res);
    res.write(text);
  };
}

/** Never answers: no status line, no headers. */
export const silence: Answer = () => {};

/** Closes the connection without answering: a connection dropped before any response. */
export const hangUp: Answer = (res) => {
  res.socket?.destroy();
};

function startEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
}

/**
 * vitest's `test` with a `serve(script)` fixture: starts a {@link TestServer} that is closed when
 * the test ends, so tests can run concurrently, each with its own server.
 */
export const test = baseTest.extend<{ serve: (script: Answer | Answer[]) => Promise<TestServer> }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads the fixture's dependencies from this pattern.
  serve: async ({}, use) => {
    const servers: TestServer[] = [];
    await use(async (script) => {
      const server = await startTestServer(script);
      servers.push(server);
      return server;
    });
    await Promise.all(servers.map((server) => server.close()));
  },
});
