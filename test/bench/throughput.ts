/**
 * Worker for figure 1: reads the same body, cut into the same pieces, with every contender,
 * alternated, and prints each contender's median time. Run by `run.mjs`.
 */
import { Stream } from 'openai/streaming';
import { type ChatCompletionChunk, parseChatCompletionStream } from '../../src/index.js';
import { buildBody, cutPieces, piecesResponse } from './body.js';
import { plainLoop } from './plain-loop.js';
import { alternate, argument, type Contender, report, summarize } from './stats.js';

const size = Number(argument('size', String(30e6)));
const minPiece = Number(argument('min', '1'));
const maxPiece = Number(argument('max', String(16 * 1024)));
const rounds = Number(argument('rounds', '7'));
const warmup = Number(argument('warmup', '2'));

const body = buildBody(size, 1);
const cuts = cutPieces(body.bytes.length, minPiece, maxPiece, 2);
const response = () => piecesResponse(body.bytes, cuts);

const contenders: Contender[] = [
  {
    name: 'plain loop',
    async run() {
      const parts: string[] = [];
      for await (const text of plainLoop(response())) parts.push(text);
      return parts.join('');
    },
  },
  {
    name: 'ours: for await chunks',
    async run() {
      const parts: string[] = [];
      for await (const chunk of parseChatCompletionStream(response())) {
        const content = chunk.choices[0]?.delta?.content;
        if (content) parts.push(content);
      }
      return parts.join('');
    },
  },
  {
    name: 'ours: textStream',
    async run() {
      const parts: string[] = [];
      for await (const text of parseChatCompletionStream(response()).textStream) parts.push(text);
      return parts.join('');
    },
  },
  {
    name: 'ours: text()',
    run: () => parseChatCompletionStream(response()).text(),
  },
  {
    name: 'openai-node Stream',
    async run() {
      const parts: string[] = [];
      const stream = Stream.fromSSEResponse<ChatCompletionChunk>(response(), new AbortController());
      for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta?.content;
        if (content) parts.push(content);
      }
      return parts.join('');
    },
  },
];

const only = argument('only', '');
const selected = only ? contenders.filter((c) => only.split(',').includes(c.name)) : contenders;
const samples = await alternate(selected, rounds, warmup, body.text);
report({
  bytes: body.bytes.length,
  events: body.events,
  pieces: cuts.length - 1,
  rounds,
  medians: summarize(samples),
  samples,
});
