/**
 * Worker for figure 2: a body that sends one event, pauses 200 ms, then sends the rest. Measures
 * the time from the first event's bytes being enqueued to the first chunk reaching the
 * consumer's loop, for each contender, alternated.
 */
import { Stream } from 'openai/streaming';
import type { ChatCompletionChunk } from '../../src/index.js';
import { buildBody, eventOf, streamResponse } from './body.js';
import { plainLoop } from './plain-loop.js';
import { parseChatCompletionStream, SoatClient } from './sdk.js';
import { argument, median, report } from './stats.js';

const rounds = Number(argument('rounds', '21'));
const pause = Number(argument('pause', '200'));

const firstWord = 'Hello';
const first = new TextEncoder().encode(eventOf(firstWord));
const rest = buildBody(4096, 3);
const expected = firstWord + rest.text;

interface Timed {
  response: Response;
  /** When the first event was enqueued (performance.now()). */
  enqueuedAt: () => number;
}

/**
 * Pull-based with a high-water mark of 0, so nothing is produced before someone reads, as with
 * a socket: the first event arrives one timer turn after the first read is waiting.
 */
function pausedBody(): Timed {
  let enqueuedAt = Number.NaN;
  let step = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        step++;
        if (step === 1) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          enqueuedAt = performance.now();
          controller.enqueue(first);
        } else if (step === 2) {
          await new Promise((resolve) => setTimeout(resolve, pause));
          controller.enqueue(rest.bytes);
        } else {
          controller.close();
        }
      },
    },
    { highWaterMark: 0 },
  );
  return { response: streamResponse(stream), enqueuedAt: () => enqueuedAt };
}

/** Reads a stream of texts to its end; returns the text and when the first one arrived. */
async function consume(texts: AsyncIterable<string>): Promise<{ text: string; firstAt: number }> {
  let firstAt = Number.NaN;
  const parts: string[] = [];
  for await (const text of texts) {
    if (parts.length === 0) firstAt = performance.now();
    parts.push(text);
  }
  return { text: parts.join(''), firstAt };
}

async function* contents(chunks: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<string> {
  for await (const chunk of chunks) yield chunk.choices[0]?.delta?.content ?? '';
}

/** A contender reads the paused body and resolves to the text and the first-delta latency. */
type Contender = (body: Timed) => Promise<{ text: string; firstAt: number }>;

const contenders: Record<string, Contender> = {
  'plain loop': (body) => consume(plainLoop(body.response)),
  'ours: parseChatCompletionStream, for await': async (body) => {
    let firstAt = Number.NaN;
    const parts: string[] = [];
    for await (const chunk of parseChatCompletionStream(body.response)) {
      if (parts.length === 0) firstAt = performance.now();
      parts.push(chunk.choices[0]?.delta?.content ?? '');
    }
    return { text: parts.join(''), firstAt };
  },
  'ours: SoatClient createChatCompletion, for await': async (body) => {
    const soat = new SoatClient({
      baseUrl: 'http://127.0.0.1:9',
      token: 'sk_bench',
      fetch: async () => body.response,
    });
    const { data, error } = await soat.chats.createChatCompletion({
      body: {
        ai_provider_id: 'aip_bench',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      },
    });
    if (error) throw new Error(JSON.stringify(error));
    let firstAt = Number.NaN;
    const parts: string[] = [];
    for await (const chunk of data) {
      if (parts.length === 0) firstAt = performance.now();
      parts.push(chunk.choices[0]?.delta?.content ?? '');
    }
    return { text: parts.join(''), firstAt };
  },
  'openai-node Stream': (body) =>
    consume(
      contents(Stream.fromSSEResponse<ChatCompletionChunk>(body.response, new AbortController())),
    ),
};

const names = Object.keys(contenders);
const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
for (let round = -1; round < rounds; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + 1 + k) % names.length] as string;
    const body = pausedBody();
    const { text, firstAt } = await (contenders[name] as Contender)(body);
    if (text !== expected) throw new Error(`${name} read a different text`);
    if (round >= 0) samples[name]?.push(firstAt - body.enqueuedAt());
  }
}
report({
  rounds,
  pause,
  medians: Object.fromEntries(names.map((name) => [name, median(samples[name] ?? [])])),
  samples,
});
