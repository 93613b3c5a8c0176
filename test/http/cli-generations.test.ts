/**
 * Issue 18 item 5 and issue 21 item 6: the CLI against every SOAT generation (the mock playing
 * 0.12, 0.13–0.22 and 0.23–0.28), with the seed's flags and the newer ones, pinned with
 * `--server-version` or found out by the client; and `soat mock-server --server-version` /
 * `--ai-provider`. The built CLI (dist/cli.js, `npm run build` first) runs as a real process
 * against the node:http mock server on 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { startSoatMockServer } from '@soat/sdk/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, type CliResult, runCli } from './helpers/cli.js';

const TOKEN = 'sk_test';

type MockServer = Awaited<ReturnType<typeof startSoatMockServer>>;

const mocks: MockServer[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
  await Promise.all(mocks.splice(0).map((mock) => mock.close()));
});

/** The in-process mock playing `serverVersion`. */
async function startMock(serverVersion: string): Promise<MockServer> {
  const mock = await startSoatMockServer({ token: TOKEN, serverVersion });
  mocks.push(mock);
  return mock;
}

/** Runs a command against `mock`, with `pin` as `--server-version` when given. */
function api(mock: MockServer, pin: string | undefined, args: readonly string[]) {
  const version = pin === undefined ? [] : ['--server-version', pin];
  return runCli([...args, '--base-url', mock.url, '--token', TOKEN, ...version]);
}

function ok(result: CliResult): string {
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return result.stdout;
}

const generations = [
  ['0.12.2', '0.12.2'],
  ['0.20.0', '0.20.0'],
  ['0.28.0', '0.28.0'],
  ['0.12.2', undefined],
  ['0.20.0', undefined],
  ['0.28.0', undefined],
] as const;

describe.each(generations)('against SOAT %s (--server-version %s)', (version, pin) => {
  it('create-chat --instructions stores the prompt, printed under both names', async () => {
    const mock = await startMock(version);
    const chat = JSON.parse(
      ok(await api(mock, pin, ['create-chat', '--ai-provider-id', 'aip_1', '--instructions', 'P'])),
    );
    expect(chat).toMatchObject({ system_message: 'P', instructions: 'P' });
    const listed = JSON.parse(ok(await api(mock, pin, ['list-chats'])));
    expect(listed.map((item: { id: string }) => item.id)).toEqual([chat.id]);
  });

  it('create-chat-completion --system-message is the prompt the server applies', async () => {
    const mock = await startMock(version);
    const args = ['create-chat-completion', '--ai-provider-id', 'aip_1', '--message', 'Hi'];
    const answer = JSON.parse(ok(await api(mock, pin, [...args, '--system-message', 'P'])));
    expect(answer.choices[0].message.content).toBe('You said: Hi');
    expect(mock.state.completions.map((completion) => completion.systemMessage)).toEqual(['P']);
  });

  it('create-chat-completion --chat-id and the per-chat command run with the chat', async () => {
    const mock = await startMock(version);
    const created = ['create-chat', '--ai-provider-id', 'aip_1', '--system-message', 'Stored'];
    const chat = JSON.parse(ok(await api(mock, pin, created)));
    ok(await api(mock, pin, ['create-chat-completion', '--chat-id', chat.id, '--message', 'Hi']));
    const perChat = [
      'create-chat-completion-for-chat',
      '--chat-id',
      chat.id,
      '--message',
      'Hi',
      '--instructions',
      'For this call',
      '--stream',
    ];
    expect(ok(await api(mock, pin, perChat))).toBe('You said: Hi\n');
    expect(
      mock.state.completions.map(({ chatId, systemMessage }) => ({ chatId, systemMessage })),
    ).toEqual([
      { chatId: chat.id, systemMessage: 'Stored' },
      { chatId: chat.id, systemMessage: 'For this call' },
    ]);
  });
});

describe('list-chats --limit and --offset', () => {
  it('page through the chats of a server that pages (SOAT 0.28)', async () => {
    const mock = await startMock('0.28.0');
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const created = ['create-chat', '--ai-provider-id', 'aip_1', '--name', name];
      ids.push(JSON.parse(ok(await api(mock, '0.28.0', created))).id);
    }
    const page = async (...flags: string[]) =>
      JSON.parse(ok(await api(mock, '0.28.0', ['list-chats', ...flags]))).map(
        (chat: { id: string }) => chat.id,
      );
    const first = await page('--limit', '2');
    const rest = await page('--limit', '2', '--offset', '2');
    expect(first).toHaveLength(2);
    expect([...first, ...rest].sort()).toEqual([...ids].sort());
  });

  it('a --limit of 0 is a usage error', async () => {
    const mock = await startMock('0.28.0');
    const result = await api(mock, '0.28.0', ['list-chats', '--limit', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "soat: --limit must be a whole number from 1 to 2147483647, got '0'",
    );
  });
});

describe('--server-version', () => {
  it('SOAT_SERVER_VERSION stands in for it', async () => {
    const mock = await startMock('0.28.0');
    const result = await runCli(['list-chats'], {
      env: { SOAT_BASE_URL: mock.url, SOAT_TOKEN: TOKEN, SOAT_SERVER_VERSION: '0.28.0' },
    });
    expect(result).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(mock.state.requests).toHaveLength(1);
  });

  it('pinned, each command sends exactly one request', async () => {
    const mock = await startMock('0.28.0');
    ok(
      await api(mock, '0.28.0', [
        'create-chat-completion',
        '--ai-provider-id',
        'a',
        '--message',
        'Hi',
      ]),
    );
    expect(mock.state.requests).toHaveLength(1);
  });

  it('a version that is not one is a usage error naming the flag, sending nothing', async () => {
    const mock = await startMock('0.28.0');
    const result = await api(mock, 'banana', ['list-chats']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--server-version');
    expect(result.stderr).toContain("Run 'soat list-chats --help' for usage.");
    expect(mock.state.requests).toEqual([]);
  });
});

/** Starts `soat mock-server --port 0 ...args`; resolves with its URL and output once listening. */
function startMockServerCli(args: readonly string[]): Promise<{ url: string; output: string }> {
  const child = spawn(process.execPath, [CLI, 'mock-server', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const url = /listening on (\S+)/.exec(output)?.[1];
      if (url !== undefined && output.includes('Press Ctrl-C to stop.')) resolve({ url, output });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('close', (code) => reject(new Error(`mock-server exited ${code}: ${output}`)));
  });
}

describe('soat mock-server --server-version and --ai-provider', () => {
  it('lists both flags in --help', async () => {
    const { stdout } = await runCli(['mock-server', '--help']);
    expect(stdout).toContain('--ai-provider <id>');
    expect(stdout).toContain('--server-version <version>');
  });

  it('--server-version 0.28.0 serves the newer routes and field names', async () => {
    const { url, output } = await startMockServerCli(['--server-version', '0.28.0']);
    expect(output).toContain(
      `export SOAT_BASE_URL=${url} SOAT_TOKEN=anything SOAT_SERVER_VERSION=0.28.0`,
    );
    const response = await fetch(`${url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer any', 'content-type': 'application/json' },
      body: JSON.stringify({
        ai_provider_id: 'aip_1',
        instructions: 'P',
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    expect(response.status).toBe(200);
    const refused = await fetch(`${url}/api/v1/chats`, {
      method: 'POST',
      headers: { authorization: 'Bearer any', 'content-type': 'application/json' },
      body: JSON.stringify({ ai_provider_id: 'aip_1', system_message: 'P' }),
    });
    expect(refused.status).toBe(400);
  });

  it('--server-version that is not a version is a usage error', async () => {
    const result = await runCli(['mock-server', '--port', '0', '--server-version', 'banana']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--server-version');
    expect(result.stderr).toContain("Run 'soat mock-server --help' for usage.");
  });

  it('--ai-provider (repeatable) makes every other provider not found', async () => {
    const { url, output } = await startMockServerCli([
      '--ai-provider',
      'aip_one',
      '--ai-provider',
      'aip_two',
    ]);
    expect(output).toContain('AI providers: aip_one, aip_two.');
    expect(output).toContain('--ai-provider-id aip_one');
    const env = { SOAT_BASE_URL: url, SOAT_TOKEN: 'any' };
    const complete = (provider: string) =>
      runCli(
        ['create-chat-completion', '--ai-provider-id', provider, '--message', 'Hi', '--stream'],
        {
          env,
        },
      );
    expect(await complete('aip_two')).toEqual({ code: 0, stdout: 'You said: Hi\n', stderr: '' });
    const unknown = await complete('aip_other');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/AI provider not found/);
  });

  it('an empty --ai-provider is a usage error', async () => {
    const result = await runCli(['mock-server', '--ai-provider', ' ']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("soat: --ai-provider must be an id, got ' '");
  });
});
