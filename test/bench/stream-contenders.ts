/** The stream readers of figure 1, shared by the benchmark and `profile.ts`. */
import { Stream } from 'openai/streaming';
import type { ChatCompletionChunk } from '../../src/index.js';
import { plainLoop } from './plain-loop.js';
import { parseChatCompletionStream } from './sdk.js';

/** One read of the whole body; resolves to the text. */
export type Read = (response: Response) => Promise<string>;

export const contenders: Record<string, Read> = {
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
