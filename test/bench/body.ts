/**
 * Event-stream bodies for the benchmarks: real-format SOAT events (see
 * shared/reference/soat-wire.md) cut into pieces of seeded random sizes, so every contender of a
 * run reads exactly the same bytes in exactly the same pieces.
 */

/** A seeded PRNG (mulberry32) returning numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both inclusive. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** A delta of 2–8 lower-case letters. */
export function randomWord(random: () => number): string {
  const length = randomInt(random, 2, 8);
  let word = '';
  for (let i = 0; i < length; i++) word += LETTERS[Math.floor(random() * 26)];
  return word;
}

/** One event exactly as a SOAT server sends it. */
export function eventOf(content: string): string {
  return `data: {"choices":[{"delta":{"content":"${content}"}}]}\n\n`;
}

/** The event that ends a successful stream. */
export const DONE_EVENT = 'data: [DONE]\n\n';

/** A whole body in memory, and the text its deltas join to. */
export interface Body {
  bytes: Uint8Array;
  text: string;
  events: number;
}

/** Builds a body of at least `size` bytes of events followed by `data: [DONE]`. */
export function buildBody(size: number, seed: number): Body {
  const random = createRandom(seed);
  const events: string[] = [];
  const words: string[] = [];
  let length = 0;
  while (length < size) {
    const word = randomWord(random);
    const event = eventOf(word);
    words.push(word);
    events.push(event);
    length += event.length;
  }
  events.push(DONE_EVENT);
  return {
    bytes: new TextEncoder().encode(events.join('')),
    text: words.join(''),
    events: words.length,
  };
}

/**
 * Cut points for `length` bytes in pieces of uniformly random size in [min, max]:
 * piece i is `[cuts[i], cuts[i + 1])`.
 */
export function cutPieces(length: number, min: number, max: number, seed: number): Uint32Array {
  const random = createRandom(seed);
  const cuts: number[] = [0];
  let offset = 0;
  while (offset < length) {
    offset = Math.min(length, offset + randomInt(random, min, max));
    cuts.push(offset);
  }
  return Uint32Array.from(cuts);
}

const SSE_HEADERS = { 'content-type': 'text/event-stream' };

/**
 * A `Response` whose body hands out `bytes` in the pieces given by `cuts`, one piece per read
 * (views into `bytes`, no copies, so no contender pays for the delivery more than another).
 */
export function piecesResponse(bytes: Uint8Array, cuts: Uint32Array): Response {
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index + 1 >= cuts.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(cuts[index], cuts[index + 1]));
      index++;
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}

/** A `Response` over an arbitrary stream, with the SOAT event-stream content type. */
export function streamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, { headers: SSE_HEADERS });
}

/**
 * A body of about `size` bytes generated lazily: each pull waits one event-loop turn
 * (`setImmediate`), then hands out one piece of 1 B–16 KiB. Nothing but the current piece is
 * held, so the process's peak memory is the consumer's. `onText` receives every delta so the
 * expected text can be checked without keeping it.
 */
export function lazyBody(size: number, seed: number, onText: (word: string) => void): Response {
  const random = createRandom(seed);
  const pieceRandom = createRandom(seed ^ 0x5eed);
  const encoder = new TextEncoder();
  let pending = '';
  let produced = 0;
  let ended = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await new Promise((resolve) => setImmediate(resolve));
        const want = randomInt(pieceRandom, 1, 16 * 1024);
        while (pending.length < want && !ended) {
          if (produced >= size) {
            pending += DONE_EVENT;
            ended = true;
            break;
          }
          const word = randomWord(random);
          onText(word);
          const event = eventOf(word);
          produced += event.length;
          pending += event;
        }
        if (pending.length === 0) {
          controller.close();
          return;
        }
        // ASCII only, so string length is byte length.
        controller.enqueue(encoder.encode(pending.slice(0, want)));
        pending = pending.slice(want);
      },
    },
    { highWaterMark: 0 },
  );
  return streamResponse(stream);
}
