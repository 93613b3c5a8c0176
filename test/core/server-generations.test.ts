import { describe, expect, it } from 'vitest';
import type { SoatResult } from '../../src/core/options.js';
import { createDetection, type Plan } from '../../src/core/server-detection.js';
import { GENERATIONS, generationOf } from '../../src/core/server-generations.js';
import { placePrompt, promptOf } from '../../src/core/system-prompt.js';
import { SoatError } from '../../src/errors.js';

const [OLDEST, MIDDLE, NEWEST] = GENERATIONS as [
  (typeof GENERATIONS)[0],
  (typeof GENERATIONS)[0],
  (typeof GENERATIONS)[0],
];

describe('generationOf', () => {
  it.each([
    ['0.12.2', 0],
    ['0.12', 0],
    ['0.3.1', 0],
    ['v0.13.0', 1],
    ['0.22.1', 1],
    ['0.23.0-rc.1', 2],
    ['0.28.0', 2],
    ['0.99.0', 2],
    ['1.0.0', 2],
    [' 0.20.0 ', 1],
  ])('maps %j to generation %i', (version, index) => {
    expect(generationOf(version)).toBe(index);
  });

  it('maps no version to undefined (detect)', () => {
    expect(generationOf(undefined)).toBeUndefined();
  });

  it.each(['', 'latest', '0', '0.x', '28', 'v', '0.28.0.1'])(
    'refuses %j with a SoatError quoting it',
    (version) => {
      expect(() => generationOf(version)).toThrow(SoatError);
      expect(() => generationOf(version)).toThrow(JSON.stringify(version));
    },
  );

  it('refuses a number with a SoatError', () => {
    expect(() => generationOf(0.28)).toThrow(/serverVersion.*must look like "0\.28\.0"/);
  });
});

describe('promptOf', () => {
  it('reads either name, and both when they agree', () => {
    expect(promptOf({ system_message: 'A' }, 'x')).toBe('A');
    expect(promptOf({ instructions: 'A' }, 'x')).toBe('A');
    expect(promptOf({ system_message: 'A', instructions: 'A' }, 'x')).toBe('A');
    expect(promptOf({}, 'x')).toBeUndefined();
  });

  it('refuses two different values with a SoatError naming the call', () => {
    expect(() => promptOf({ system_message: 'A', instructions: 'B' }, 'createChat')).toThrow(
      'createChat: `system_message` and `instructions` (both the system prompt) differ',
    );
  });
});

describe('placePrompt', () => {
  const hi = { role: 'user', content: 'Hi' };

  it('up to 0.22, moves a top-level prompt into one leading system message', () => {
    for (const generation of [OLDEST, MIDDLE]) {
      expect(placePrompt({ system_message: 'S', messages: [hi] }, generation, 'x')).toEqual({
        messages: [{ role: 'system', content: 'S' }, hi],
      });
    }
  });

  it('up to 0.22, merges every system message into the first, as those servers read only it', () => {
    const body = {
      instructions: 'A',
      messages: [{ role: 'system', content: 'B' }, hi, { role: 'system', content: 'C' }],
    };
    expect(placePrompt(body, MIDDLE, 'x')).toEqual({
      messages: [{ role: 'system', content: 'A\n\nB\n\nC' }, hi],
    });
  });

  it('from 0.23, moves leading system messages into instructions', () => {
    const body = { system_message: 'A', messages: [{ role: 'system', content: 'B' }, hi] };
    expect(placePrompt(body, NEWEST, 'x')).toEqual({ instructions: 'A\n\nB', messages: [hi] });
  });

  it('repeats a prompt given twice only once', () => {
    const body = { system_message: 'A', messages: [{ role: 'system', content: 'A' }, hi] };
    expect(placePrompt(body, NEWEST, 'x')).toEqual({ instructions: 'A', messages: [hi] });
  });

  it('without a prompt, leaves the messages as they are', () => {
    expect(placePrompt({ messages: [hi], model: 'm' }, OLDEST, 'x')).toEqual({
      messages: [hi],
      model: 'm',
    });
    expect(placePrompt({ messages: [hi] }, NEWEST, 'x')).toEqual({ messages: [hi] });
  });

  it('from 0.23, refuses a system message after the conversation began', () => {
    const body = { messages: [hi, { role: 'system', content: 'B' }] };
    expect(() => placePrompt(body, NEWEST, 'createChatCompletion')).toThrow(
      /^createChatCompletion: messages\[1\] is a system message after the conversation began; SOAT 0\.23\+ takes a system prompt only as `instructions`, for the whole call$/,
    );
  });

  it('refuses a system message without text content', () => {
    const body = { messages: [{ role: 'system', document_id: 'doc_1' }, hi] };
    expect(() => placePrompt(body, OLDEST, 'x')).toThrow(
      'x: system message messages[0] needs text `content`',
    );
  });

  it('leaves messages that are no array for the server to refuse, keeping the prompt', () => {
    expect(placePrompt({ instructions: 'A', messages: 'Hi' }, NEWEST, 'x')).toEqual({
      instructions: 'A',
      messages: 'Hi',
    });
  });
});

/** A fake server of generation `index`: it refuses what that generation would refuse. */
function fakeServer(index: number) {
  const sent: Plan[] = [];
  const respond = (status: number, body: unknown, type = 'application/json') =>
    ({
      ...(status < 300 ? { data: body } : { error: body }),
      response: new Response(null, { status, headers: { 'content-type': type } }),
    }) as SoatResult<unknown>;
  const send = async (plan: Plan): Promise<SoatResult<unknown>> => {
    sent.push(plan);
    await Promise.resolve();
    const wanted = (GENERATIONS[index] as (typeof GENERATIONS)[0]).completions;
    if (plan.path !== wanted)
      return respond(405, { error: '405 Method Not Allowed' }, 'text/plain');
    const messages = (plan.body as { messages: { role: string }[] }).messages;
    if (index === 2 && messages.some((m) => m.role === 'system')) {
      return respond(400, { error: { code: 'SYSTEM_MESSAGE_NOT_ALLOWED', message: 'x' } });
    }
    return respond(200, { ok: true });
  };
  return { sent, send };
}

const planFor = (prompt: string) => (generation: (typeof GENERATIONS)[0]) => ({
  path: generation.completions,
  body: placePrompt(
    { system_message: prompt, messages: [{ role: 'user', content: 'Hi' }] },
    generation,
    'x',
  ),
});

describe('createDetection', () => {
  it('pinned, sends each call once, as its generation takes it', async () => {
    const server = fakeServer(2);
    const detect = createDetection(2);
    await detect(planFor('S'), server.send);
    expect(server.sent).toEqual([
      {
        path: '/api/v1/chat/completions',
        body: { instructions: 'S', messages: [{ role: 'user', content: 'Hi' }] },
      },
    ]);
  });

  it.each([0, 1, 2])(
    'detecting generation %i, ten concurrent calls cost at most two extra requests, and later calls none',
    async (index) => {
      const server = fakeServer(index);
      const detect = createDetection();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => detect(planFor(`P${i}`), server.send)),
      );
      expect(results.every((result) => result.error === undefined)).toBe(true);
      expect(server.sent.length).toBe(10 + index);
      await detect(planFor('later'), server.send);
      expect(server.sent.length).toBe(11 + index);
    },
  );

  it('an answer that is no refusal (a 401, a 503) rules nothing out', async () => {
    const detect = createDetection();
    const sent: Plan[] = [];
    const unauthorized = async (plan: Plan) => {
      sent.push(plan);
      return {
        error: { error: 'Unauthorized' },
        response: new Response(null, { status: 401 }),
      } as SoatResult<unknown>;
    };
    await detect(planFor('S'), unauthorized);
    await detect(planFor('S'), unauthorized);
    // Both went out as the oldest generation takes them: nothing was learnt.
    expect(sent.map((plan) => plan.path)).toEqual([
      '/api/v1/chats/completions',
      '/api/v1/chats/completions',
    ]);
  });

  it('a call that throws (a network failure) rules nothing out and lets the next one explore', async () => {
    const detect = createDetection();
    const failing = async () => {
      throw new Error('network down');
    };
    await expect(detect(planFor('S'), failing)).rejects.toThrow('network down');
    const server = fakeServer(2);
    await detect(planFor('S'), server.send);
    expect(server.sent.map((plan) => plan.path)).toEqual([
      '/api/v1/chats/completions',
      '/api/v1/chat/completions',
      '/api/v1/chat/completions',
    ]);
  });

  it('calls waiting on one that got no answer go at once, not one after another', async () => {
    const detect = createDetection();
    const pending: (() => void)[] = [];
    let inFlight = 0;
    let most = 0;
    // Every send hangs until released; the first one then fails without an answer.
    const send = (plan: Plan) =>
      new Promise<SoatResult<unknown>>((resolve, reject) => {
        inFlight++;
        most = Math.max(most, inFlight);
        pending.push(() => {
          inFlight--;
          if (pending.length === 0 && most === 1) reject(new Error('no answer'));
          else resolve({ data: plan, response: new Response(null, { status: 200 }) });
        });
      });
    const first = detect(planFor('A'), send).catch((error: Error) => error.message);
    const others = [detect(planFor('B'), send), detect(planFor('C'), send)];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(pending).toHaveLength(1);
    pending.shift()?.();
    expect(await first).toBe('no answer');
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Both waiting calls are on the wire together.
    expect(pending).toHaveLength(2);
    expect(most).toBe(2);
    for (const release of pending.splice(0)) release();
    await Promise.all(others);
  });

  it('answers that contradict each other (two versions behind one address) end the call', async () => {
    const detect = createDetection();
    const answers = [200, 405, 405, 405];
    const sent: Plan[] = [];
    const send = async (plan: Plan) => {
      sent.push(plan);
      const status = answers.shift() as number;
      return (
        status === 200
          ? { data: {}, response: new Response(null, { status }) }
          : { error: { error: 'no' }, response: new Response(null, { status }) }
      ) as SoatResult<unknown>;
    };
    // The first call learns "0.12"; the second, refused in 0.12's form, has nothing left to try.
    await detect(planFor('A'), send);
    const second = await detect(planFor('B'), send);
    expect(second.response.status).toBe(405);
    expect(sent).toHaveLength(2);
  });

  it('a refusal of every shape is returned as it is', async () => {
    const detect = createDetection();
    const sent: Plan[] = [];
    const result = await detect(planFor('S'), async (plan) => {
      sent.push(plan);
      return {
        error: { error: '405' },
        response: new Response(null, { status: 405 }),
      } as SoatResult<unknown>;
    });
    expect(result.response.status).toBe(405);
    expect(sent).toHaveLength(3);
  });

  it.each([
    [
      'a plain-text 404 to a completion on the chat in the path has it sent again in the next form',
      404,
      'x',
      'chat_1',
      2,
    ],
    [
      'a JSON 404 to a completion on the chat in the path has it sent again in the next form',
      404,
      { code: 'RESOURCE_NOT_FOUND', message: 'x' },
      'chat_1',
      2,
    ],
    [
      'a 404 to another call (an unknown provider) is that call’s answer',
      404,
      'AI provider not found',
      undefined,
      1,
    ],
    [
      'a 400 Unknown field naming a prompt field has it sent again in the next form',
      400,
      { code: 'VALIDATION_FAILED', message: 'Unknown field(s): system_message' },
      undefined,
      2,
    ],
    [
      'a 400 Unknown field naming another field is that call’s answer',
      400,
      { code: 'VALIDATION_FAILED', message: 'Unknown field(s): nmae' },
      undefined,
      1,
    ],
    [
      'a 400 SYSTEM_MESSAGE_NOT_ALLOWED has it sent again in the next form',
      400,
      { code: 'SYSTEM_MESSAGE_NOT_ALLOWED', message: 'x' },
      undefined,
      2,
    ],
    [
      'a 400 of another kind is that call’s answer',
      400,
      { code: 'VALIDATION_FAILED', message: 'messages is required' },
      undefined,
      1,
    ],
  ])('%s', async (_, status, error, chat_id, requests) => {
    const detect = createDetection();
    let count = 0;
    await detect(
      (generation) => ({ path: '/p', chat_id, body: { field: generation.instructions } }),
      async () => {
        count++;
        return (
          count === 1
            ? { error: { error }, response: new Response(null, { status }) }
            : { data: {}, response: new Response(null, { status: 200 }) }
        ) as SoatResult<unknown>;
      },
    );
    expect(count).toBe(requests);
  });
});
