/**
 * The flags of issue 18 (item 5) and issue 21 (item 6): `--instructions` as an alias of
 * `--system-message`, `create-chat-completion --chat-id`, `--message` as the one-user-message
 * shortcut. The built CLI (dist/cli.js, `npm run build` first) runs as a real process against
 * the node:http mock server on 127.0.0.1.
 */
import { SoatClient } from '@soat/sdk';
import { type SoatMockServer, startSoatMockServer } from '@soat/sdk/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from './helpers/cli.js';

const TOKEN = 'sk_test';
const HELLO = '[{"role":"user","content":"Hello!"}]';

let mock: SoatMockServer;
let soat: SoatClient;

function api(args: readonly string[]): Promise<CliResult> {
  return runCli([...args, '--base-url', mock.url, '--token', TOKEN]);
}

/** The body of the only request the CLI sent. */
function sentBody(): Record<string, unknown> {
  expect(mock.state.requests).toHaveLength(1);
  return mock.state.requests[0]?.body as Record<string, unknown>;
}

async function seedChat(systemMessage: string): Promise<string> {
  const { data, error } = await soat.chats.createChat({
    body: { ai_provider_id: 'aip_abc123', system_message: systemMessage },
  });
  if (error) throw new Error(JSON.stringify(error));
  mock.state.requests.length = 0;
  return data.id;
}

beforeAll(async () => {
  mock = await startSoatMockServer({ token: TOKEN });
  soat = new SoatClient({ baseUrl: mock.url, token: TOKEN });
});

afterAll(async () => {
  await mock?.close();
});

beforeEach(() => {
  mock.reset();
});

function expectUsageError(result: CliResult, message: string): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')[0]).toBe(`soat: ${message}`);
  expect(mock.state.requests).toEqual([]);
}

describe('--instructions, the newer name of --system-message', () => {
  it('create-chat --instructions stores the system prompt', async () => {
    const result = await api([
      'create-chat',
      '--ai-provider-id',
      'aip_abc123',
      '--instructions',
      'Be brief.',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).system_message).toBe('Be brief.');
    expect(mock.state.chats[0]?.system_message).toBe('Be brief.');
  });

  it('create-chat-completion --instructions is the prompt the server applies', async () => {
    const result = await api([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_abc123',
      '--instructions',
      'Be brief.',
      '--messages',
      HELLO,
    ]);
    expect(result.code).toBe(0);
    expect(mock.state.completions[0]?.systemMessage).toBe('Be brief.');
  });

  it('--system-message and --instructions with the same text are one prompt', async () => {
    const result = await api([
      'create-chat',
      '--ai-provider-id',
      'aip_abc123',
      '--system-message',
      'Be brief.',
      '--instructions',
      'Be brief.',
    ]);
    expect(result.code).toBe(0);
    expect(mock.state.chats[0]?.system_message).toBe('Be brief.');
  });

  it.each([
    ['create-chat', ['--ai-provider-id', 'aip_abc123']],
    ['create-chat-completion', ['--ai-provider-id', 'aip_abc123', '--messages', HELLO]],
    ['create-chat-completion-for-chat', ['--chat-id', 'chat_1', '--messages', HELLO]],
  ])(
    '%s refuses different --system-message and --instructions, sending nothing',
    async (command, flags) => {
      const result = await api([
        command,
        ...flags,
        '--system-message',
        'Be brief.',
        '--instructions',
        'Be verbose.',
      ]);
      expectUsageError(
        result,
        '--system-message and --instructions give different prompts; they are the same setting, give one',
      );
    },
  );

  it('create-chat-completion-for-chat --system-message replaces the chat prompt for the call', async () => {
    const chatId = await seedChat('Stored prompt.');
    const result = await api([
      'create-chat-completion-for-chat',
      '--chat-id',
      chatId,
      '--system-message',
      'For this call.',
      '--messages',
      HELLO,
    ]);
    expect(result.code).toBe(0);
    expect(mock.state.completions[0]?.systemMessage).toBe('For this call.');
    expect(mock.state.chats[0]?.system_message).toBe('Stored prompt.');
  });
});

describe('create-chat-completion --chat-id', () => {
  it("runs the completion with the chat's provider and prompt", async () => {
    const chatId = await seedChat('Stored prompt.');
    const result = await api(['create-chat-completion', '--chat-id', chatId, '--messages', HELLO]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).choices[0].message.content).toBe('You said: Hello!');
    expect(mock.state.completions[0]).toMatchObject({
      chatId,
      aiProviderId: 'aip_abc123',
      systemMessage: 'Stored prompt.',
    });
  });

  it('streams with --stream', async () => {
    const chatId = await seedChat('Stored prompt.');
    const result = await api([
      'create-chat-completion',
      '--chat-id',
      chatId,
      '--message',
      'Hi',
      '--stream',
    ]);
    expect(result).toEqual({ code: 0, stdout: 'You said: Hi\n', stderr: '' });
  });

  it('refuses --chat-id together with --ai-provider-id, sending nothing', async () => {
    const result = await api([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_abc123',
      '--chat-id',
      'chat_1',
      '--messages',
      HELLO,
    ]);
    expectUsageError(result, 'give --ai-provider-id or --chat-id, not both');
  });

  it("refuses a --chat-id of '..', which would change the URL's path", async () => {
    const result = await api(['create-chat-completion', '--chat-id', '..', '--messages', HELLO]);
    expectUsageError(result, "--chat-id cannot be '..': give an id");
  });

  it('lists both forms in its usage', async () => {
    const result = await runCli(['create-chat-completion', '--help']);
    expect(result.stdout).toMatch(
      /^Usage: soat create-chat-completion \(--ai-provider-id <id> \| --chat-id <id>\) \(--messages <json> \| --message <text>\) \[flags\]\n/,
    );
  });
});

describe('--message, one user message without JSON', () => {
  it('create-chat-completion --message sends it as the only user message', async () => {
    const result = await api([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_abc123',
      '--message',
      'Hi "there"',
    ]);
    expect(result.code).toBe(0);
    expect(sentBody()).toMatchObject({ messages: [{ role: 'user', content: 'Hi "there"' }] });
    expect(JSON.parse(result.stdout).choices[0].message.content).toBe('You said: Hi "there"');
  });

  it('create-chat-completion-for-chat --message --stream prints the answer', async () => {
    const chatId = await seedChat('Stored prompt.');
    const result = await api([
      'create-chat-completion-for-chat',
      '--chat-id',
      chatId,
      '--message',
      'Hi',
      '--stream',
    ]);
    expect(result).toEqual({ code: 0, stdout: 'You said: Hi\n', stderr: '' });
  });

  it('goes with the system prompt of --system-message', async () => {
    const chatId = await seedChat('Stored prompt.');
    const result = await api([
      'create-chat-completion-for-chat',
      '--chat-id',
      chatId,
      '--message',
      'Hi',
      '--system-message',
      'Be brief.',
    ]);
    expect(JSON.parse(result.stdout).choices[0].message.content).toBe('You said: Hi');
    expect(mock.state.completions[0]?.systemMessage).toBe('Be brief.');
  });

  it.each([
    ['create-chat-completion', ['--ai-provider-id', 'aip_abc123']],
    ['create-chat-completion-for-chat', ['--chat-id', 'chat_1']],
  ])('%s refuses --message together with --messages, sending nothing', async (command, flags) => {
    const result = await api([command, ...flags, '--message', 'Hi', '--messages', HELLO]);
    expectUsageError(result, 'give --messages or --message, not both');
  });

  it('an empty --message is still a message', async () => {
    const result = await api([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_1',
      '--message',
      '',
    ]);
    expect(result.code).toBe(0);
    expect(sentBody()).toMatchObject({ messages: [{ role: 'user', content: '' }] });
  });
});
