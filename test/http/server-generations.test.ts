import { getEventListeners, once } from 'node:events';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Conversation, SoatClient, type SoatClientOptions, SoatError } from '../../src/index.js';
import { type SoatStandIn, startSoatStandIn, TOKEN } from './helpers/soat-stand-in.js';

// One stand-in per generation, plus 0.13.5 (before POST /chats refused unknown fields) and
// 0.15.12 (the last one to list chats as a bare array).
const VERSIONS = ['0.12.2', '0.13.5', '0.15.12', '0.20.0', '0.28.0'] as const;

const servers: SoatStandIn[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function standIn(version: string): Promise<SoatStandIn> {
  const server = await startSoatStandIn(version);
  servers.push(server);
  return server;
}

function clientOf(server: SoatStandIn, options: SoatClientOptions = {}): SoatClient {
  return new SoatClient({ baseUrl: server.baseUrl, token: TOKEN, maxRetries: 0, ...options });
}

const user = (content: string) => ({ role: 'user' as const, content });

/** The text of a non-streamed completion result, or a failure naming its error. */
function textOf(result: { data?: unknown; error?: unknown }): string {
  if (result.error) throw new Error(`unexpected error: ${JSON.stringify(result.error)}`);
  return (result.data as { choices: { message: { content: string } }[] }).choices[0]?.message
    .content as string;
}

// Each mode: pinned to the stand-in's version, or finding out by itself.
const MODES = [
  ['pinned', (version: string) => ({ serverVersion: version })],
  ['detecting', () => ({})],
] as const;

describe.each(VERSIONS)('SOAT %s', (version) => {
  describe.each(MODES)('%s', (_mode, optionsFor) => {
    const open = async () => {
      const server = await standIn(version);
      return { server, soat: clientOf(server, optionsFor(version)) };
    };

    it('the seed’s createChat with system_message stores the prompt and answers it under both names', async () => {
      const { server, soat } = await open();
      const { data, error } = await soat.chats.createChat({
        body: { ai_provider_id: 'aip_1', name: 'Support', system_message: 'Be kind.' },
      });
      expect(error).toBeUndefined();
      expect(data).toMatchObject({ system_message: 'Be kind.', instructions: 'Be kind.' });
      expect([...server.chats.values()]).toHaveLength(1);
    });

    it('the newer docs’ createChat with instructions stores the prompt', async () => {
      const { server, soat } = await open();
      const { data } = await soat.chats.createChat({
        body: { ai_provider_id: 'aip_1', instructions: 'Be kind.' },
      });
      expect(data).toMatchObject({ system_message: 'Be kind.', instructions: 'Be kind.' });
      expect([...server.chats.values()]).toHaveLength(1);
    });

    it('the seed’s stateless completion with system_message is answered with that prompt', async () => {
      const { server, soat } = await open();
      const result = await soat.chats.createChatCompletion({
        body: { ai_provider_id: 'aip_1', system_message: 'Be brief.', messages: [user('Hi')] },
      });
      expect(textOf(result)).toBe('[prompt: Be brief.] Hi');
      expect(server.applied).toEqual(['Be brief.']);
    });

    it('a stateless completion with instructions is answered with that prompt', async () => {
      const { server, soat } = await open();
      const result = await soat.chats.createChatCompletion({
        body: { ai_provider_id: 'aip_1', instructions: 'Be brief.', messages: [user('Hi')] },
      });
      expect(textOf(result)).toBe('[prompt: Be brief.] Hi');
      expect(server.applied).toEqual(['Be brief.']);
    });

    it('a leading system message is the prompt, however the server takes it', async () => {
      const { soat } = await open();
      const result = await soat.chats.createChatCompletion({
        body: {
          ai_provider_id: 'aip_1',
          messages: [{ role: 'system', content: 'Be brief.' }, user('Hi')],
        },
      });
      expect(textOf(result)).toBe('[prompt: Be brief.] Hi');
    });

    it('a top-level prompt and leading system messages are all applied, in that order', async () => {
      const { server, soat } = await open();
      await soat.chats.createChatCompletion({
        body: {
          ai_provider_id: 'aip_1',
          system_message: 'One.',
          messages: [{ role: 'system', content: 'Two.' }, user('Hi')],
        },
      });
      expect(server.applied).toEqual(['One.\n\nTwo.']);
    });

    it('a streamed stateless completion with system_message streams the prompted answer', async () => {
      const { server, soat } = await open();
      const { data: stream, error } = await soat.chats.createChatCompletion({
        body: {
          ai_provider_id: 'aip_1',
          system_message: 'Be brief.',
          messages: [user('Hi')],
          stream: true,
        },
      });
      if (error) throw new Error(JSON.stringify(error));
      expect(await stream.text()).toBe('[prompt: Be brief.] Hi');
      expect(server.applied).toEqual(['Be brief.']);
    });

    it('the seed’s per-chat completion uses the chat’s stored prompt', async () => {
      const { server, soat } = await open();
      const { data: chat } = await soat.chats.createChat({
        body: { ai_provider_id: 'aip_1', system_message: 'Stored.' },
      });
      const result = await soat.chats.createChatCompletionForChat({
        path: { chat_id: chat?.id as string },
        body: { messages: [user('Hi')] },
      });
      expect(textOf(result)).toBe('[prompt: Stored.] Hi');
      expect(server.applied).toEqual(['Stored.']);
    });

    it('a per-chat completion’s own prompt replaces the stored one for that call', async () => {
      const { server, soat } = await open();
      const { data: chat } = await soat.chats.createChat({
        body: { ai_provider_id: 'aip_1', system_message: 'Stored.' },
      });
      const chat_id = chat?.id as string;
      await soat.chats.createChatCompletionForChat({
        path: { chat_id },
        body: { messages: [{ role: 'system', content: 'Override.' }, user('Hi')] },
      });
      await soat.chats.createChatCompletionForChat({
        path: { chat_id },
        body: { instructions: 'Own.', messages: [user('Hi')] },
      });
      expect(server.applied).toEqual(['Override.', 'Own.']);
    });

    it('the newer docs’ completion with chat_id in the body runs on that chat', async () => {
      const { server, soat } = await open();
      const { data: chat } = await soat.chats.createChat({
        body: { ai_provider_id: 'aip_1', instructions: 'Stored.' },
      });
      const { data: stream, error } = await soat.chats.createChatCompletion({
        body: { chat_id: chat?.id as string, messages: [user('Hi')], stream: true },
      });
      if (error) throw new Error(JSON.stringify(error));
      expect(await stream.text()).toBe('[prompt: Stored.] Hi');
      expect(server.applied).toEqual(['Stored.']);
    });

    it('getChat, listChats and deleteChat work, and the list is an array', async () => {
      const { soat } = await open();
      const { data: chat } = await soat.chats.createChat({
        body: { ai_provider_id: 'aip_1', system_message: 'S.' },
      });
      const id = chat?.id as string;
      expect((await soat.chats.getChat({ path: { chat_id: id } })).data).toMatchObject({
        id,
        system_message: 'S.',
        instructions: 'S.',
      });
      const { data: list } = await soat.chats.listChats();
      expect(list).toEqual([
        expect.objectContaining({ id, system_message: 'S.', instructions: 'S.' }),
      ]);
      expect((await soat.chats.deleteChat({ path: { chat_id: id } })).error).toBeUndefined();
      expect((await soat.chats.listChats()).data).toEqual([]);
    });

    it('a stateless Conversation with a system prompt has it applied on every turn', async () => {
      const { server, soat } = await open();
      const conversation = new Conversation(soat.chats, {
        ai_provider_id: 'aip_1',
        system_message: 'Be brief.',
      });
      textOf(await conversation.send('Hi'));
      const { data: stream } = await conversation.send('Again', { stream: true });
      await stream?.text();
      expect(server.applied).toEqual(['Be brief.', 'Be brief.']);
      expect(conversation.messages.map((m) => m.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ]);
    });

    it('a Conversation on a chat with instructions has them replace the chat’s', async () => {
      const { server, soat } = await open();
      const { data: chat } = await soat.chats.createChat({ body: { ai_provider_id: 'aip_1' } });
      const conversation = new Conversation(soat.chats, {
        chat_id: chat?.id as string,
        instructions: 'Own.',
      });
      textOf(await conversation.send('Hi'));
      expect(server.applied).toEqual(['Own.']);
    });

    it('different system_message and instructions are a SoatError, and nothing is sent', async () => {
      const { server, soat } = await open();
      const failure = await soat.chats
        .createChatCompletion({
          body: {
            ai_provider_id: 'aip_1',
            system_message: 'A',
            instructions: 'B',
            messages: [user('Hi')],
          },
        })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SoatError);
      expect((failure as Error).message).toMatch(/system_message.*instructions.*differ/);
      expect(server.requests).toEqual([]);
    });
  });
});

describe('request counts', () => {
  it.each(VERSIONS)('pinned to %s, every call is exactly one request', async (version) => {
    const server = await standIn(version);
    const soat = clientOf(server, { serverVersion: version });
    const { data: chat } = await soat.chats.createChat({
      body: { ai_provider_id: 'aip_1', system_message: 'S.' },
    });
    await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', instructions: 'I.', messages: [user('Hi')] },
    });
    await soat.chats.createChatCompletionForChat({
      path: { chat_id: chat?.id as string },
      body: { messages: [{ role: 'system', content: 'O.' }, user('Hi')] },
    });
    await soat.chats.listChats();
    expect(server.requests).toHaveLength(4);
    expect(server.applied).toEqual(['I.', 'O.']);
  });

  it.each(VERSIONS)(
    'detecting %s, ten concurrent first completions cost at most three extra requests',
    async (version) => {
      const server = await standIn(version);
      const soat = clientOf(server);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          soat.chats.createChatCompletion({
            body: { ai_provider_id: 'aip_1', system_message: `P${index}`, messages: [user('Hi')] },
          }),
        ),
      );
      expect(results.map(textOf)).toEqual(
        Array.from({ length: 10 }, (_, index) => `[prompt: P${index}] Hi`),
      );
      expect(server.requests.length).toBeLessThanOrEqual(13);
      // Later calls are one request each: what was learnt is kept.
      const before = server.requests.length;
      await soat.chats.createChatCompletion({
        body: { ai_provider_id: 'aip_1', instructions: 'Later.', messages: [user('Hi')] },
      });
      const { data: chat } = await soat.chats.createChat({
        body: { ai_provider_id: 'aip_1', instructions: 'S.' },
      });
      await soat.chats.createChatCompletionForChat({
        path: { chat_id: chat?.id as string },
        body: { messages: [user('Hi')] },
      });
      // Three calls, three requests: nothing left to find out.
      expect(server.requests.length - before).toBe(3);
      expect(server.applied.slice(-2)).toEqual(['Later.', 'S.']);
    },
  );

  it.each(VERSIONS)(
    'detecting %s, ten concurrent first calls of every kind still cost at most three extra requests in all',
    async (version) => {
      const server = await standIn(version);
      const seeded = clientOf(server, { serverVersion: version });
      const { data: chat } = await seeded.chats.createChat({
        body: { ai_provider_id: 'aip_1', system_message: 'Stored.' },
      });
      const seededRequests = server.requests.length;
      const soat = clientOf(server);
      const chat_id = chat?.id as string;
      await Promise.all([
        soat.chats.createChat({ body: { ai_provider_id: 'aip_1', instructions: 'A.' } }),
        soat.chats.createChat({ body: { ai_provider_id: 'aip_1', system_message: 'B.' } }),
        soat.chats.createChatCompletion({ body: { chat_id, messages: [user('1')] } }),
        soat.chats.createChatCompletionForChat({
          path: { chat_id },
          body: { messages: [user('2')] },
        }),
        soat.chats.createChatCompletion({
          body: { ai_provider_id: 'aip_1', instructions: 'C.', messages: [user('3')] },
        }),
        soat.chats.createChatCompletion({
          body: { ai_provider_id: 'aip_1', messages: [user('4')], stream: true },
        }),
        soat.chats.listChats(),
        soat.chats.getChat({ path: { chat_id } }),
        soat.chats.createChatCompletion({
          body: { ai_provider_id: 'aip_1', system_message: 'D.', messages: [user('5')] },
        }),
        soat.chats.createChatCompletionForChat({
          path: { chat_id },
          body: { system_message: 'E.', messages: [user('6')] },
        }),
      ]);
      expect(server.requests.length - seededRequests).toBeLessThanOrEqual(13);
      // Never a chat created twice: the seeded one and the two above.
      expect(server.chats.size).toBe(3);
      expect(
        [...server.chats.values()].map((c) => c.instructions ?? c.system_message).sort(),
      ).toEqual(['A.', 'B.', 'Stored.']);
      expect([...server.applied].sort()).toEqual(
        ['C.', 'D.', 'E.', 'Stored.', 'Stored.', null].sort(),
      );
    },
  );

  it('detecting, a refused or failed call does not spoil what the client finds out later', async () => {
    const server = await standIn('0.28.0');
    const soat = clientOf(server);
    server.failNext(1, 503);
    const first = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', system_message: 'A.', messages: [user('Hi')] },
    });
    expect(first.response.status).toBe(503);
    const bad = new SoatClient({ baseUrl: server.baseUrl, token: 'sk_wrong', maxRetries: 0 });
    const refused = await bad.chats.createChat({
      body: { ai_provider_id: 'aip_1', system_message: 'B.' },
    });
    expect(refused.response.status).toBe(401);
    const second = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', system_message: 'C.', messages: [user('Hi')] },
    });
    expect(textOf(second)).toBe('[prompt: C.] Hi');
    expect(server.applied).toEqual(['C.']);
  });

  it('detecting 0.12, nothing extra is ever sent', async () => {
    const server = await standIn('0.12.2');
    const soat = clientOf(server);
    const { data: chat } = await soat.chats.createChat({
      body: { ai_provider_id: 'aip_1', instructions: 'S.' },
    });
    await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', instructions: 'I.', messages: [user('Hi')] },
    });
    await soat.chats.createChatCompletion({
      body: { chat_id: chat?.id as string, messages: [user('Hi')] },
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/chats',
      'POST /api/v1/chats/completions',
      `POST /api/v1/chats/${chat?.id}/completions`,
    ]);
    expect(server.applied).toEqual(['I.', 'S.']);
  });
});

describe('what a server cannot take', () => {
  it('pinned to 0.28, a system message after the conversation began is a SoatError and nothing is sent', async () => {
    const server = await standIn('0.28.0');
    const soat = clientOf(server, { serverVersion: '0.28.0' });
    const failure = await soat.chats
      .createChatCompletion({
        body: {
          ai_provider_id: 'aip_1',
          messages: [
            user('Hi'),
            { role: 'assistant', content: 'Hello' },
            { role: 'system', content: 'Now French.' },
          ],
        },
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toBe(
      'createChatCompletion: messages[2] is a system message after the conversation began; SOAT 0.23+ takes a system prompt only as `instructions`, for the whole call',
    );
    expect(server.requests).toEqual([]);
  });

  it('detecting 0.28, the same call fails with that SoatError once the server is known, and no answer comes without the prompt', async () => {
    const server = await standIn('0.28.0');
    const soat = clientOf(server);
    const failure = await soat.chats
      .createChatCompletion({
        body: {
          ai_provider_id: 'aip_1',
          messages: [user('Hi'), { role: 'system', content: 'Now French.' }],
        },
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect(server.applied).toEqual([]);
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('on 0.20, a system message later in the history is applied as the prompt', async () => {
    const server = await standIn('0.20.0');
    const soat = clientOf(server, { serverVersion: '0.20.0' });
    await soat.chats.createChatCompletion({
      body: {
        ai_provider_id: 'aip_1',
        system_message: 'One.',
        messages: [user('Hi'), { role: 'system', content: 'Two.' }],
      },
    });
    expect(server.applied).toEqual(['One.\n\nTwo.']);
  });

  it('both ai_provider_id and chat_id are a SoatError, and nothing is sent', async () => {
    const server = await standIn('0.28.0');
    const soat = clientOf(server);
    const body = { ai_provider_id: 'aip_1', chat_id: 'chat_1', messages: [user('Hi')] };
    const failure = await soat.chats
      .createChatCompletion({ body } as never)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toBe(
      'createChatCompletion: pass `ai_provider_id` or `chat_id`, not both',
    );
    expect(server.requests).toEqual([]);
  });
});

describe('listChats on a paging server', () => {
  it('passes limit and offset through and resolves to that page as an array', async () => {
    const server = await standIn('0.28.0');
    const soat = clientOf(server, { serverVersion: '0.28.0' });
    for (const name of ['a', 'b', 'c']) {
      await soat.chats.createChat({ body: { ai_provider_id: 'aip_1', name } });
    }
    const { data } = await soat.chats.listChats({ query: { limit: 2, offset: 1 } });
    expect(data?.map((chat) => chat.name)).toEqual(['b', 'a']);
    expect(server.requests.at(-1)?.url).toBe('/api/v1/chats?limit=2&offset=1');
  });
});

describe('serverVersion', () => {
  it.each([
    ['0.12.2', 'POST /api/v1/chats/completions'],
    ['0.4.0', 'POST /api/v1/chats/completions'],
    ['v0.13', 'POST /api/v1/chat/completions'],
    ['0.22.1-rc.1', 'POST /api/v1/chat/completions'],
    ['0.28.0', 'POST /api/v1/chat/completions'],
    ['1.4.0', 'POST /api/v1/chat/completions'],
  ])('%s sends a stateless completion as %s, once', async (serverVersion, line) => {
    const server = await standIn('0.12.2');
    const soat = clientOf(server, { serverVersion });
    await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', system_message: 'S.', messages: [user('Hi')] },
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([line]);
    const body = server.requests[0]?.body as Record<string, unknown>;
    // 0.23 and later take `instructions`; older ones a leading system message.
    if (/^(1\.|0\.28)/.test(serverVersion)) expect(body.instructions).toBe('S.');
    else expect(body.messages).toEqual([{ role: 'system', content: 'S.' }, user('Hi')]);
  });

  it.each(['banana', '', '0', '0.x.1', '28'])(
    '%j is a SoatError at construction',
    (serverVersion) => {
      expect(
        () => new SoatClient({ baseUrl: 'http://127.0.0.1:1', token: TOKEN, serverVersion }),
      ).toThrow(SoatError);
    },
  );

  it('SOAT_SERVER_VERSION pins the client when the option is not given', async () => {
    const server = await standIn('0.28.0');
    const previous = process.env.SOAT_SERVER_VERSION;
    process.env.SOAT_SERVER_VERSION = '0.28.0';
    try {
      const soat = clientOf(server);
      await soat.chats.createChatCompletion({
        body: { ai_provider_id: 'aip_1', system_message: 'S.', messages: [user('Hi')] },
      });
      expect(server.requests).toHaveLength(1);
      expect(server.applied).toEqual(['S.']);
      process.env.SOAT_SERVER_VERSION = 'nonsense';
      expect(() => clientOf(server)).toThrow(/SOAT_SERVER_VERSION/);
    } finally {
      if (previous === undefined) delete process.env.SOAT_SERVER_VERSION;
      else process.env.SOAT_SERVER_VERSION = previous;
    }
  });
});

describe('a call waiting for another to find the server out', () => {
  /** A server that takes every request and never answers: the first call finds out forever. */
  async function silentServer() {
    const requests: string[] = [];
    const server = createServer((request) => {
      requests.push(`${request.method} ${request.url}`);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const close = () => {
      server.closeAllConnections();
      server.close();
    };
    return { baseUrl: `http://127.0.0.1:${port}`, requests, close };
  }

  const prompted = (signal: AbortSignal) => ({
    body: { ai_provider_id: 'aip_1', system_message: 'Be kind.', messages: [user('Hi')] },
    signal,
  });

  it('rejects with its signal’s reason at once when aborted, without sending', async () => {
    const server = await silentServer();
    const soat = new SoatClient({ baseUrl: server.baseUrl, token: TOKEN, maxRetries: 0 });
    const first = new AbortController();
    const second = new AbortController();
    const finding = soat.chats.createChatCompletion(prompted(first.signal));
    const waiting = soat.chats.createChatCompletion(prompted(second.signal));
    await expect.poll(() => server.requests.length).toBe(1);
    second.abort(new Error('the user left'));
    await expect(waiting).rejects.toThrow('the user left');
    expect(server.requests).toHaveLength(1);
    first.abort(new Error('done'));
    await expect(finding).rejects.toThrow('done');
    server.close();
  });

  it('leaves no listener on its signal once its turn came', async () => {
    const server = await startSoatStandIn('0.28.0');
    servers.push(server);
    const soat = clientOf(server);
    const signal = new AbortController().signal;
    const results = await Promise.all([
      soat.chats.createChatCompletion(prompted(signal)),
      soat.chats.createChatCompletion(prompted(signal)),
    ]);
    expect(results.map(textOf)).toHaveLength(2);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
