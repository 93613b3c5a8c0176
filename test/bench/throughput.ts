/**
 * Worker for figure 1: every contender reads the same body, cut into the same pieces, in a
 * worker thread of its own, in pairs with the plain loop (see isolate.ts); prints each
 * contender's median speed ratio to the plain loop. Run by `run.mjs`.
 */
import { Stream } from 'openai/streaming';
import type { ChatCompletionChunk } from '../../src/index.js';
import { buildBody, cutPieces, piecesResponse } from './body.js';
import { comparePaired, contenderContext, pairedRatios, serveContender } from './isolate.js';
import { plainLoop } from './plain-loop.js';
import { parseChatCompletionStream } from './sdk.js';
import { argument, digest, report } from './stats.js';

interface Options {
  size: number;
  min: number;
  max: number;
}

const BASELINE = 'plain loop';

/** One read of the whole body; resolves to the text. */
type Read = (response: Response) => Promise<string>;

const contenders: Record<string, Read> = {
  'plain loop': async (response) => {
    const parts: string[] = [];
    for await (const text of plainLoop(response)) parts.push(text);
    return parts.join('');
  },
  'ours: for await chunks': async (response) => {
    const parts: string[] = [];
    for await (const chunk of parseChatCompletionStream(response)) {
      const content = chunk.choices[0]?.delta?.content;
      if (content) parts.push(content);
    }
    return parts.join('');
  },
  'ours: textStream': async (response) => {
    const parts: string[] = [];
    for await (const text of parseChatCompletionStream(response).textStream) parts.push(text);
    return parts.join('');
  },
  'ours: text()': (response) => parseChatCompletionStream(response).text(),
  'openai-node Stream': async (response) => {
    const parts: string[] = [];
    const stream = Stream.fromSSEResponse<ChatCompletionChunk>(response, new AbortController());
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta?.content;
      if (content) parts.push(content);
    }
    return parts.join('');
  },
};

const context = contenderContext<Options>();
if (context) {
  const { size, min, max } = context.options;
  const body = buildBody(size, 1);
  const cuts = cutPieces(body.bytes.length, min, max, 2);
  const read = contenders[context.name] as Read;
  serveContender(async () => {
    const text = await read(piecesResponse(body.bytes, cuts));
    if (text !== body.text) {
      throw new Error(`read a different text (${digest(text)}, expected ${digest(body.text)})`);
    }
    return digest(text);
  });
} else {
  const options: Options = {
    size: Number(argument('size', String(30e6))),
    min: Number(argument('min', '1')),
    max: Number(argument('max', String(16 * 1024))),
  };
  const only = argument('only', '');
  const names = Object.keys(contenders).filter(
    (name) => name !== BASELINE && (!only || only.split(',').includes(name)),
  );
  const body = buildBody(options.size, 1);
  const cuts = cutPieces(body.bytes.length, options.min, options.max, 2);
  const pairs = await comparePaired({
    entry: new URL(import.meta.url),
    baseline: BASELINE,
    names,
    tasks: ['read'],
    rounds: Number(argument('rounds', '7')),
    warmup: Number(argument('warmup', '2')),
    options,
    expectedCheck: digest(body.text),
  });
  report({
    bytes: body.bytes.length,
    events: body.events,
    pieces: cuts.length - 1,
    ratios: pairedRatios(pairs.read ?? {}),
    pairs: pairs.read,
  });
}
