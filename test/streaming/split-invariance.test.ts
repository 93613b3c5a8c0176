import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChatCompletionChunk, parseChatCompletionStream } from '../../src/index.js';
import {
  cutAt,
  delta,
  encodeEventStream,
  type LineEnding,
  piecewiseBody,
} from '../fixtures/sse.js';

const encoder = new TextEncoder();

async function parse(pieces: Uint8Array[]): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of parseChatCompletionStream(piecewiseBody(pieces).body))
    chunks.push(chunk);
  return chunks;
}

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const transcript = fc.record({
  contents: fc.array(text, { minLength: 1, maxLength: 12 }),
  lineEnding: fc.constantFrom<LineEnding>('\n', '\r\n', '\r'),
  keepAlive: fc.boolean(),
  bom: fc.boolean(),
});

describe('parsing is independent of how the bytes are cut', () => {
  it('any split of the stream, down to 1-byte pieces, yields the same chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        transcript,
        fc.array(fc.nat(), { maxLength: 40 }),
        async ({ contents, ...options }, rawOffsets) => {
          const bytes = encoder.encode(encodeEventStream(contents.map(delta), options));
          const offsets = [...new Set(rawOffsets.map((n) => n % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const expected = contents.map(delta);
          expect(await parse(cutAt(bytes, offsets))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('one-byte pieces yield the same chunks as one piece', async () => {
    await fc.assert(
      fc.asyncProperty(transcript, async ({ contents, ...options }) => {
        const bytes = encoder.encode(encodeEventStream(contents.map(delta), options));
        const single = Array.from(bytes, (byte) => Uint8Array.of(byte));
        expect(await parse(single)).toEqual(await parse([bytes]));
      }),
      { numRuns: 100 },
    );
  });

  it('the joined deltas equal the whole answer from text()', async () => {
    await fc.assert(
      fc.asyncProperty(
        transcript,
        fc.array(fc.nat(), { maxLength: 20 }),
        async ({ contents, ...options }, rawOffsets) => {
          const bytes = encoder.encode(encodeEventStream(contents.map(delta), options));
          const offsets = [...new Set(rawOffsets.map((n) => n % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const answer = await parseChatCompletionStream(
            piecewiseBody(cutAt(bytes, offsets)).body,
          ).text();
          expect(answer).toBe(contents.join(''));
        },
      ),
      { numRuns: 200 },
    );
  });
});
