/**
 * Worker for figure 7: a big streamed completion forwarded by a proxy in the same process with
 * `toEventStream()` (node:http, `Readable.fromWeb` + `pipeline`), read at the far end by the plain
 * loop; against the plain loop reading the upstream directly (the baseline). Each contender in a
 * worker thread of its own (see isolate.ts); the upstream is another process.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { comparePaired, contenderContext, pairedRatios, serveContender } from './isolate.js';
import { plainLoop } from './plain-loop.js';
import { SoatClient } from './sdk.js';
import { argument, digest, report } from './stats.js';
import { completionBody, startUpstream } from './upstream.js';

interface Options {
  baseUrl: string;
}

const token = 'sk_bench';
const BASELINE = 'plain loop, upstream directly';
const PROXIED = 'ours: toEventStream() proxy, plain loop at the far end';

/** Starts the proxy: every request is forwarded upstream as a streamed completion. */
async function startProxy(upstream: string): Promise<string> {
  const soat = new SoatClient({ baseUrl: upstream, token });
  const server = createServer(async (request, response) => {
    request.resume();
    const { data, error } = await soat.chats.createChatCompletion({ body: completionBody('big') });
    if (error) {
      response.writeHead(502).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    const events = data.toEventStream() as NodeReadableStream<Uint8Array>;
    await pipeline(Readable.fromWeb(events), response).catch(() => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readThrough(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(completionBody('big')),
  });
  let text = '';
  for await (const delta of plainLoop(response)) text += delta;
  return text;
}

const context = contenderContext<Options>();
if (context) {
  const { baseUrl } = context.options;
  const target =
    context.name === BASELINE
      ? `${baseUrl}/api/v1/chats/completions`
      : `${await startProxy(baseUrl)}/api/chat`;
  serveContender(async () => digest(await readThrough(target)));
} else {
  const size = Number(argument('size', '5000000'));
  const upstream = await startUpstream(size);
  try {
    const pairs = await comparePaired({
      entry: new URL(import.meta.url),
      baseline: BASELINE,
      names: [PROXIED],
      tasks: ['forward'],
      rounds: Number(argument('rounds', '5')),
      warmup: Number(argument('warmup', '1')),
      options: { baseUrl: upstream.baseUrl } satisfies Options,
      expectedCheck: upstream.big,
    });
    report({ size, ratios: pairedRatios(pairs.forward ?? {}), pairs });
  } finally {
    upstream.stop();
  }
}
