/**
 * The built `soat` CLI (dist/cli.js), spawned as a real process against the node:http mock
 * server on 127.0.0.1. `npm test` builds before vitest; locally run `npx tsup` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { SoatClient } from '@soat/sdk';
import { type SoatMockServer, startSoatMockServer } from '@soat/sdk/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI, type CliResult, runCli, startCli } from './helpers/cli.js';

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);
const TOKEN = 'sk_test';
const HELLO = '[{"role":"user","content":"Hello!"}]';

/** A port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** A server that accepts connections and never answers. */
async function startSilentServer() {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connected: new Promise<void>((resolve) => server.once('connection', () => resolve())),
    close: () => server.close(),
  };
}

/** A server that answers every request with `status` and a JSON `body`, counting them. */
async function startAnsweringServer(status: number, body: string) {
  let requests = 0;
  const server = createHttpServer((_request, response) => {
    requests++;
    response.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () => server.close(),
  };
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let mock: SoatMockServer;
let soat: SoatClient;
/** `--base-url` and `--token` of the mock. */
let connection: string[];

/** Runs a command against the mock. */
function api(args: readonly string[], options: { stdin?: string } = {}): Promise<CliResult> {
  return runCli([...args, ...connection], options);
}

beforeAll(async () => {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: build first (npm run build, or npx tsup).`);
  }
  mock = await startSoatMockServer({ token: TOKEN });
  soat = new SoatClient({ baseUrl: mock.url, token: TOKEN });
  connection = ['--base-url', mock.url, '--token', TOKEN];
});

afterAll(async () => {
  await mock?.close();
});

beforeEach(() => {
  mock.reset();
});

async function seedChat(body: { project_id?: string; name?: string } = {}) {
  const { data, error } = await soat.chats.createChat({
    body: { ai_provider_id: 'aip_abc123', ...body },
  });
  if (error) throw new Error(JSON.stringify(error));
  // Only the CLI's own requests should be left to inspect.
  mock.state.requests.length = 0;
  return data;
}

// Nothing here talks to the mock, so these run side by side.
describe.concurrent('help and version', () => {
  it('soat --help prints the usage with every command on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: soat <command> \[flags\]/);
    for (const command of [
      'create-chat',
      'list-chats',
      'get-chat',
      'delete-chat',
      'create-chat-completion',
      'create-chat-completion-for-chat',
      'mock-server',
    ]) {
      expect(stdout).toContain(`  ${command} `);
    }
  });

  it('a bare soat prints the usage on stderr and exits 2', async () => {
    const [bare, help] = await Promise.all([runCli([]), runCli(['--help'])]);
    expect(bare).toEqual({ code: 2, stdout: '', stderr: help.stdout });
  });

  it('soat help prints the same usage as soat --help', async () => {
    const [help, flag] = await Promise.all([runCli(['help']), runCli(['--help'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(flag.stdout);
  });

  it("soat <command> --help prints the command's flags on stdout and exits 0", async () => {
    const { code, stdout, stderr } = await runCli(['create-chat', '--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: soat create-chat --ai-provider-id <id> \[flags\]/);
    expect(stdout).toContain('--system-message <text>');
    expect(stdout).toContain('--base-url <url>');
  });

  it('soat help <command> prints the same usage as soat <command> --help', async () => {
    const [help, flag] = await Promise.all([
      runCli(['help', 'get-chat']),
      runCli(['get-chat', '--help']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(flag.stdout);
  });

  it('soat --version prints the package version alone', async () => {
    const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
    const { code, stdout, stderr } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(`${version}\n`);
  });
});

describe('the commands of the documentation', () => {
  it('create-chat, as documented, creates the chat and prints it as 2-space JSON', async () => {
    const { code, stdout, stderr } = await api([
      'create-chat',
      '--project-id',
      'proj_ABC',
      '--ai-provider-id',
      'aip_abc123',
      '--name',
      'Support Assistant',
      '--system-message',
      'You are a helpful support assistant.',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const chat = JSON.parse(stdout);
    expect(stdout).toBe(`${JSON.stringify(chat, null, 2)}\n`);
    expect(chat).toMatchObject({
      project_id: 'proj_ABC',
      ai_provider_id: 'aip_abc123',
      name: 'Support Assistant',
      system_message: 'You are a helpful support assistant.',
    });
    expect(mock.state.chats.map((stored) => stored.id)).toEqual([chat.id]);
  });

  it('create-chat-completion, as documented, prints the completion as JSON', async () => {
    const { code, stdout, stderr } = await api([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_abc123',
      '--system-message',
      'You are a helpful assistant.',
      '--messages',
      HELLO,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const completion = JSON.parse(stdout);
    expect(stdout).toBe(`${JSON.stringify(completion, null, 2)}\n`);
    expect(completion.choices[0].message.content).toBe('You said: Hello!');
    // The client sends the prompt where this server reads it; what matters is that it applied it.
    expect(mock.state.completions[0]).toMatchObject({
      aiProviderId: 'aip_abc123',
      systemMessage: 'You are a helpful assistant.',
    });
    expect(mock.state.completions[0]?.messages.at(-1)).toMatchObject({
      role: 'user',
      content: 'Hello!',
    });
  });
});

describe('chat commands', () => {
  it('create-chat sends --model', async () => {
    const { code } = await api(['create-chat', '--ai-provider-id', 'aip_1', '--model', 'gpt-4o']);
    expect(code).toBe(0);
    expect(mock.state.requests[0]?.body).toEqual({ ai_provider_id: 'aip_1', model: 'gpt-4o' });
  });

  it('list-chats prints every chat as a JSON array', async () => {
    const first = await seedChat({ name: 'one' });
    const second = await seedChat({ name: 'two' });
    const { code, stdout, stderr } = await api(['list-chats']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const ids = (JSON.parse(stdout) as { id: string }[]).map((chat) => chat.id);
    expect(ids.sort()).toEqual([first.id, second.id].sort());
  });

  it('list-chats --project-id asks for that project only', async () => {
    const mine = await seedChat({ project_id: 'proj_A' });
    await seedChat({ project_id: 'proj_B' });
    const { code, stdout } = await api(['list-chats', '--project-id', 'proj_A']);
    expect(code).toBe(0);
    expect(mock.state.requests[0]?.query).toEqual({ project_id: 'proj_A' });
    expect((JSON.parse(stdout) as { id: string }[]).map((chat) => chat.id)).toEqual([mine.id]);
  });

  it('get-chat prints the chat as JSON', async () => {
    const chat = await seedChat({ name: 'Support' });
    const { code, stdout, stderr } = await api(['get-chat', '--chat-id', chat.id]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(chat);
  });

  it('delete-chat deletes the chat and prints nothing', async () => {
    const chat = await seedChat();
    const { code, stdout, stderr } = await api(['delete-chat', '--chat-id', chat.id]);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(mock.state.chats).toEqual([]);
  });

  it('SOAT_BASE_URL and SOAT_TOKEN stand in for --base-url and --token', async () => {
    const { code, stdout } = await runCli(['list-chats'], {
      env: { SOAT_BASE_URL: mock.url, SOAT_TOKEN: TOKEN },
    });
    expect(code).toBe(0);
    expect(stdout).toBe('[]\n');
  });
});

describe('completion commands', () => {
  it('create-chat-completion-for-chat prints the completion with --model sent', async () => {
    const chat = await seedChat();
    const { code, stdout, stderr } = await api([
      'create-chat-completion-for-chat',
      '--chat-id',
      chat.id,
      '--messages',
      '[{"role":"user","content":"Hi chat"}]',
      '--model',
      'gpt-4o',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).choices[0].message.content).toBe('You said: Hi chat');
    expect(mock.state.requests[0]?.body).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi chat' }],
    });
  });

  it('--stream writes the answer text and ends it with a newline', async () => {
    mock.reply({ pieces: ['Hel', 'lo', ' world'] });
    const { code, stdout, stderr } = await api([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_abc123',
      '--messages',
      HELLO,
      '--stream',
    ]);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'Hello world\n', stderr: '' });
    expect(mock.state.requests[0]?.body).toMatchObject({ stream: true });
  });

  it('--stream prints each piece as it arrives, before the answer is complete', async () => {
    mock.reply({ pieces: ['first', ' second'], pauseMs: 1000 });
    const cli = startCli([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_abc123',
      '--messages',
      HELLO,
      '--stream',
      ...connection,
    ]);
    await cli.stdoutContains('first');
    expect(mock.state.completions[0]?.piecesSent).toBe(1);
    expect((await cli.result).stdout).toBe('first second\n');
  });

  it('create-chat-completion-for-chat --stream streams with the chat', async () => {
    const chat = await seedChat();
    const { code, stdout } = await api([
      'create-chat-completion-for-chat',
      '--chat-id',
      chat.id,
      '--messages',
      HELLO,
      '--stream',
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('You said: Hello!\n');
  });

  it('--messages - reads the messages from stdin', async () => {
    const { code, stdout, stderr } = await api(
      ['create-chat-completion', '--ai-provider-id', 'aip_abc123', '--messages', '-'],
      { stdin: '[{"role":"user","content":"from stdin"}]\n' },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).choices[0].message.content).toBe('You said: from stdin');
  });

  it('accepts a document_id message', async () => {
    const chat = await seedChat();
    mock.seedDocument('doc_1', 'the document');
    const { code, stdout } = await api([
      'create-chat-completion-for-chat',
      '--chat-id',
      chat.id,
      '--messages',
      '[{"role":"user","document_id":"doc_1"}]',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).choices[0].message.content).toBe('You said: the document');
  });
});

// They all send nothing, so they run side by side: any request at all fails them. (Vitest runs
// adjacent concurrent suites together, so the suites around this one must stay sequential.)
describe.concurrent('usage errors: the problem and where the usage is, exit 2, nothing sent', () => {
  async function expectUsageError(
    result: CliResult,
    message: string,
    help = /^Run 'soat [a-z-]+ --help' for usage\.$/,
  ): Promise<void> {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.length - 1).toBeLessThanOrEqual(3);
    expect(lines[0]?.slice(0, `soat: ${message}`.length)).toBe(`soat: ${message}`);
    expect(lines.at(-2)).toMatch(help);
    expect(mock.state.requests).toEqual([]);
  }

  it('an unknown command', async () => {
    await expectUsageError(
      await api(['bogus']),
      "unknown command 'bogus'",
      /^Run 'soat --help' for usage\.$/,
    );
  });

  it('an unknown flag', async () => {
    await expectUsageError(
      await api(['list-chats', '--bogus']),
      "unknown flag '--bogus'",
      /^Run 'soat list-chats --help' for usage\.$/,
    );
  });

  it('a flag of another command', async () => {
    await expectUsageError(
      await api(['create-chat', '--ai-provider-id', 'aip_1', '--stream']),
      "unknown flag '--stream'",
    );
  });

  it('a flag without its value', async () => {
    const result = await runCli(['get-chat', '--chat-id']);
    expect(result.stderr).toBe(
      "soat: --chat-id needs a value\nRun 'soat get-chat --help' for usage.\n",
    );
    await expectUsageError(result, '--chat-id needs a value');
  });

  it('an extra argument', async () => {
    await expectUsageError(
      await api(['get-chat', '--chat-id', 'cht_1', 'extra']),
      "unexpected argument 'extra'",
    );
  });

  it('a missing required flag', async () => {
    await expectUsageError(
      await api(['get-chat']),
      'missing required flag --chat-id',
      /^Run 'soat get-chat --help' for usage\.$/,
    );
  });

  it('missing required flags are named together, each with its alternative', async () => {
    await expectUsageError(
      await api(['create-chat-completion']),
      'missing required flags --ai-provider-id (or --chat-id), --messages (or --message)',
    );
  });

  it('no server URL and no token, naming both flags and both variables', async () => {
    await expectUsageError(
      await runCli(['list-chats']),
      'missing the server URL: pass --base-url or set SOAT_BASE_URL; missing the token: pass --token or set SOAT_TOKEN',
    );
  });

  it('a --max-retries that is not a whole number', async () => {
    await expectUsageError(
      await api(['list-chats', '--max-retries', 'many']),
      "--max-retries must be a whole number from 0 to 100, got 'many'",
    );
  });

  it('a --base-url that is not an absolute URL', async () => {
    await expectUsageError(
      await runCli(['list-chats', '--base-url', 'localhost', '--token', TOKEN]),
      '--base-url (or SOAT_BASE_URL) must be an absolute URL',
    );
  });

  it.each([
    ['that is not JSON', '[{role', '--messages is not valid JSON'],
    ['that is not an array', '{"role":"user","content":"x"}', '--messages must be a non-empty'],
    ['that is empty', '[]', '--messages must be a non-empty JSON array'],
    ['with an item that is not an object', '["hi"]', '--messages: message 0 is not an object'],
    [
      'with an unknown role',
      '[{"role":"bot","content":"x"}]',
      '--messages: message 0 has role "bot"; expected one of system, user, assistant',
    ],
    [
      'with neither content nor document_id',
      '[{"role":"user","content":"ok"},{"role":"user"}]',
      '--messages: message 1 needs a string "content" or "document_id"',
    ],
    [
      'with a content that is not a string',
      '[{"role":"user","content":42}]',
      '--messages: message 0 has a "content" that is not a string',
    ],
    [
      'with both content and document_id',
      '[{"role":"user","content":"x","document_id":"doc_1"}]',
      '--messages: message 0 has both "content" and "document_id"',
    ],
  ])('--messages %s', async (_case, messages, message) => {
    await expectUsageError(
      await api(['create-chat-completion', '--ai-provider-id', 'aip_1', '--messages', messages]),
      message,
      /^Run 'soat create-chat-completion --help' for usage\.$/,
    );
  });

  it('--messages - with bad JSON on stdin', async () => {
    await expectUsageError(
      await api(['create-chat-completion', '--ai-provider-id', 'aip_1', '--messages', '-'], {
        stdin: 'not json',
      }),
      '--messages (read from stdin) is not valid JSON',
    );
  });

  it('a usage error prints two lines, not the whole usage', async () => {
    const result = await api(['get-chat']);
    expect(result.stderr).toBe(
      "soat: missing required flag --chat-id\nRun 'soat get-chat --help' for usage.\n",
    );
  });

  it('an unknown command suggests the nearest one', async () => {
    await expectUsageError(
      await api(['creat-chat', '--ai-provider-id', 'aip_1']),
      "unknown command 'creat-chat'; did you mean 'create-chat'?",
      /^Run 'soat --help' for usage\.$/,
    );
  });

  it('an unknown flag suggests the nearest flag of the command', async () => {
    await expectUsageError(
      await api(['get-chat', '--chat_id', 'chat_1']),
      "unknown flag '--chat_id'; did you mean '--chat-id'?",
    );
  });

  it('nothing close to an unknown command suggests nothing', async () => {
    const result = await api(['frobnicate']);
    await expectUsageError(result, "unknown command 'frobnicate'", /^Run 'soat --help'/);
    expect(result.stderr).not.toContain('did you mean');
  });

  it('a negative number as the value of a text flag says how to pass it', async () => {
    await expectUsageError(
      await api(['create-chat', '--ai-provider-id', 'aip_1', '--name', '-1']),
      "--name needs a value ('-1' reads as a flag); to pass it, write --name=-1",
    );
  });

  it('a text value starting with a dash says how to pass it, quoted for the shell', async () => {
    await expectUsageError(
      await api(['create-chat-completion', '--ai-provider-id', 'aip_1', '--message', '- be brief']),
      "--message needs a value ('- be brief' reads as a flag); to pass it, write --message='- be brief'",
    );
  });

  it('a negative number as the value of a number flag says which numbers it takes', async () => {
    const result = await api(['list-chats', '--max-retries', '-1']);
    await expectUsageError(result, "--max-retries must be a whole number from 0 to 100, got '-1'");
    expect(result.stderr).not.toContain('--max-retries=');
  });

  it('a flag followed by another flag instead of its value', async () => {
    await expectUsageError(
      await runCli(['get-chat', '--chat-id', '--token', TOKEN]),
      "--chat-id needs a value, but the next word is the flag '--token'",
    );
  });

  it('a value given to a switch', async () => {
    await expectUsageError(await api(['list-chats', '--verbose=yes']), '--verbose takes no value');
  });

  it('input quoted in an error is cut to its first line', async () => {
    const result = await api(['list-chats', '--max-retries', 'many\nlines\nof text']);
    await expectUsageError(
      result,
      "--max-retries must be a whole number from 0 to 100, got 'many…'",
    );
    expect(result.stderr.split('\n')).toHaveLength(3);
  });

  it.each([
    ['.', 'get-chat'],
    ['..', 'get-chat'],
    ['', 'get-chat'],
    ['..', 'delete-chat'],
  ])(
    "--chat-id '%s' of %s is refused: a URL would resolve it to another endpoint",
    async (id, command) => {
      await expectUsageError(
        await api([command, '--chat-id', id]),
        `--chat-id cannot be '${id}': give an id`,
      );
    },
  );

  it("--chat-id '.' of a per-chat completion is refused too", async () => {
    await expectUsageError(
      await api(['create-chat-completion-for-chat', '--chat-id', '.', '--messages', HELLO]),
      "--chat-id cannot be '.': give an id",
    );
  });

  it('an --idle-timeout that is not a whole number', async () => {
    await expectUsageError(
      await api([
        'create-chat-completion',
        '--ai-provider-id',
        'a',
        '--messages',
        HELLO,
        '--idle-timeout',
        '1s',
      ]),
      "--idle-timeout must be a whole number from 1 to 2147483647, got '1s'",
    );
  });
});

describe('server errors: the status and the message on stderr, exit 1', () => {
  it('prints CODE: message for an error object (get-chat of a missing chat)', async () => {
    const result = await api(['get-chat', '--chat-id', 'cht_missing']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: '404 RESOURCE_NOT_FOUND: Chat not found\n',
    });
  });

  it('prints the string for an error string (a wrong token)', async () => {
    const result = await runCli(['list-chats', '--base-url', mock.url, '--token', 'sk_wrong']);
    expect(result).toEqual({ code: 1, stdout: '', stderr: '401 Unauthorized\n' });
  });

  it('prints the same line with --stream (a wrong token)', async () => {
    const args = ['create-chat-completion', '--ai-provider-id', 'aip_abc123', '--messages', HELLO];
    const wrongToken = ['--base-url', mock.url, '--token', 'sk_wrong'];
    const plain = await runCli([...args, ...wrongToken]);
    const streamed = await runCli([...args, '--stream', ...wrongToken]);
    expect(plain).toEqual({ code: 1, stdout: '', stderr: '401 Unauthorized\n' });
    expect(streamed).toEqual(plain);
  });

  it('prints the same status-led line with --stream for an error object', async () => {
    const body = '{"error":{"code":"CHAT_NOT_FOUND","message":"Chat \'chat_x\' not found."}}';
    const server = await startAnsweringServer(400, body);
    try {
      const args = ['create-chat-completion-for-chat', '--chat-id', 'chat_x', '--messages', HELLO];
      const at = ['--base-url', server.url, '--token', TOKEN];
      const plain = await runCli([...args, ...at]);
      const streamed = await runCli([...args, '--stream', ...at]);
      expect(plain).toEqual({
        code: 1,
        stdout: '',
        stderr: "400 CHAT_NOT_FOUND: Chat 'chat_x' not found.\n",
      });
      expect(streamed).toEqual(plain);
    } finally {
      server.close();
    }
  });

  it('says how many attempts were made after retrying', async () => {
    const unavailable = await startAnsweringServer(503, '{"error":"Service Unavailable"}');
    try {
      const result = await runCli([
        'list-chats',
        '--base-url',
        unavailable.url,
        '--token',
        TOKEN,
        '--max-retries',
        '2',
      ]);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: '503 Service Unavailable (after 3 attempts)\n',
      });
      expect(unavailable.requests()).toBe(3);
    } finally {
      unavailable.close();
    }
  });

  it('prints the error a stream sends as its first event', async () => {
    const result = await api([
      'create-chat-completion-for-chat',
      '--chat-id',
      'cht_missing',
      '--messages',
      HELLO,
      '--stream',
    ]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: "200, error event: Chat 'cht_missing' not found.\n",
    });
  });
});

describe('thrown errors: one line on stderr, exit 1', () => {
  it('a refused connection names the request, the cause and the server', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await runCli([
      'list-chats',
      '--base-url',
      url,
      '--token',
      TOKEN,
      '--max-retries',
      '0',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `GET /api/v1/chats: could not reach the server (ECONNREFUSED), after 1 attempt(s); is the server at ${url} running?\n`,
    );
  });

  it('--timeout ends a call to a server that never answers', async () => {
    const silent = await startSilentServer();
    try {
      const result = await runCli([
        'list-chats',
        '--base-url',
        silent.url,
        '--token',
        TOKEN,
        '--timeout',
        '200',
        '--max-retries',
        '0',
      ]);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'GET /api/v1/chats: no complete response within 200 ms (timeout), after 1 attempt(s)\n',
      });
    } finally {
      silent.close();
    }
  });

  it('a stream that fails midway keeps the text printed so far, then the error', async () => {
    mock.reply({ pieces: ['Hel', 'lo'], failAfter: 1, error: 'terminated' });
    const result = await api([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_abc123',
      '--messages',
      HELLO,
      '--stream',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Hel\n');
    expect(result.stderr).toBe(
      'POST /api/v1/chats/completions: the server reported an error mid-stream: terminated\n',
    );
  });
});

describe('--verbose and --idle-timeout', () => {
  it("--verbose prints the SDK's line for each attempt on stderr", async () => {
    const { code, stdout, stderr } = await api(['list-chats', '--verbose']);
    expect(code).toBe(0);
    expect(stdout).toBe('[]\n');
    expect(stderr).toMatch(/^soat: GET \/api\/v1\/chats 200 \d+ms retry=0\n$/);
  });

  it('--verbose prints one line per attempt when the call is retried', async () => {
    const unavailable = await startAnsweringServer(503, '{"error":"Service Unavailable"}');
    try {
      const result = await runCli([
        'list-chats',
        '--verbose',
        '--base-url',
        unavailable.url,
        '--token',
        TOKEN,
        '--max-retries',
        '1',
      ]);
      expect(result.stderr.split('\n')).toEqual([
        expect.stringMatching(/^soat: GET \/api\/v1\/chats 503 \d+ms retry=0$/),
        expect.stringMatching(/^soat: GET \/api\/v1\/chats 503 \d+ms retry=1$/),
        '503 Service Unavailable (after 2 attempts)',
        '',
      ]);
    } finally {
      unavailable.close();
    }
  });

  it('SOAT_LOG=debug prints headers without the token and still counts only attempts', async () => {
    const unavailable = await startAnsweringServer(503, '{"error":"Service Unavailable"}');
    try {
      const result = await runCli(
        ['list-chats', '--base-url', unavailable.url, '--token', TOKEN, '--max-retries', '1'],
        { env: { SOAT_LOG: 'debug' } },
      );
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines.at(-1)).toBe('503 Service Unavailable (after 2 attempts)');
      expect(lines.some((line) => /^soat: GET \/api\/v1\/chats request headers /.test(line))).toBe(
        true,
      );
      expect(result.stderr).not.toContain(TOKEN);
    } finally {
      unavailable.close();
    }
  });

  it('a SOAT_LOG that is not a level is a usage error', async () => {
    const result = await runCli(['list-chats', ...connection], { env: { SOAT_LOG: 'loud' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "soat: SOAT_LOG must be off, info or debug, got 'loud'\nRun 'soat list-chats --help' for usage.\n",
    );
  });

  it('--idle-timeout ends a stream that stalls, keeping the text printed so far', async () => {
    mock.reply({ pieces: ['Hel', 'lo'], pauseMs: 30_000 });
    const result = await api([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_abc123',
      '--messages',
      HELLO,
      '--stream',
      '--idle-timeout',
      '300',
    ]);
    expect(result).toEqual({
      code: 1,
      stdout: 'Hel\n',
      stderr: 'POST /api/v1/chats/completions: no data for 300 ms (streamIdleTimeout)\n',
    });
  });
});

describe('interrupts', () => {
  it('SIGINT during --stream exits 130 at once and closes the connection', async () => {
    mock.reply({ pieces: ['one', ' two', ' three'], pauseMs: 60_000 });
    const cli = startCli([
      'create-chat-completion',
      '--ai-provider-id',
      'aip_abc123',
      '--messages',
      HELLO,
      '--stream',
      ...connection,
    ]);
    await cli.stdoutContains('one');
    cli.child.kill('SIGINT');
    const result = await cli.result;
    expect(result.code).toBe(130);
    // The next piece would only come a minute later: the CLI did not wait for it.
    expect(result.stdout).toBe('one\n');
    expect(result.stderr).toBe('');
    await until(() => mock.state.completions[0]?.outcome === 'cancelled');
    expect(mock.state.completions[0]?.piecesSent).toBe(1);
  });

  it('SIGTERM during a call exits 143 without waiting for the answer', async () => {
    const silent = await startSilentServer();
    try {
      const cli = startCli(['list-chats', '--base-url', silent.url, '--token', TOKEN]);
      await silent.connected;
      cli.child.kill('SIGTERM');
      expect(await cli.result).toEqual({ code: 143, stdout: '', stderr: '' });
    } finally {
      silent.close();
    }
  });
});

describe('mock-server', () => {
  it('starts on --port, answers requests, and exits 143 on SIGTERM', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = startCli(['mock-server', '--port', String(port)]);
    await server.stdoutContains('Press Ctrl-C to stop.');
    const listed = await runCli(['list-chats'], {
      env: { SOAT_BASE_URL: url, SOAT_TOKEN: 'anything' },
    });
    server.child.kill('SIGTERM');
    const result = await server.result;
    expect(listed).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(result.code).toBe(143);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`listening on ${url}`);
    expect(result.stdout).toContain(`SOAT_BASE_URL=${url} SOAT_TOKEN=anything`);
  });

  it('exits 130 on SIGINT (Ctrl-C), as the exit codes in the README say', async () => {
    const server = startCli(['mock-server', '--port', String(await freePort())]);
    await server.stdoutContains('Press Ctrl-C to stop.');
    server.child.kill('SIGINT');
    expect(await server.result).toMatchObject({ code: 130, stderr: '' });
  });

  it('fails with exit 1 when the port is taken', async () => {
    const port = new URL(mock.url).port;
    const result = await runCli(['mock-server', '--port', port]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `soat mock-server: cannot listen on 127.0.0.1:${port} (EADDRINUSE)\n`,
    });
  });

  it('rejects a --port that is not a port number with exit 2', async () => {
    const result = await runCli(['mock-server', '--port', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('soat: --port must be a whole number from 0 to 65535');
  });
});
