/**
 * `soat mock-server`'s flags (issue 13): --port, --host, --token, --pause-ms, and --help listing
 * them. The built CLI (dist/cli.js, `npm run build` first) runs as a real process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { track } from '../helpers/fake-time.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGTERM');
});

/** Runs `node dist/cli.js ...args` to its end. */
function runCli(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `soat mock-server ...args`; resolves with the url and what it printed once ready. */
function startMockServer(args: readonly string[]): Promise<{ url: string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'mock-server', ...args], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let output = '';
    const onData = (chunk: string) => {
      output += chunk;
      const url = /listening on (\S+)/.exec(output)?.[1];
      if (url && output.includes('Press Ctrl-C to stop.')) resolve({ url, output });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('close', (code) => reject(new Error(`mock-server exited ${code}: ${output}`)));
  });
}

const completion = (url: string, token: string) =>
  fetch(`${url}/api/v1/chats/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      ai_provider_id: 'aip_1',
      messages: [{ role: 'user', content: 'Hi there' }],
      stream: true,
    }),
  });

describe('soat mock-server flags', () => {
  it('lists --port, --host, --token and --pause-ms in --help', async () => {
    const result = await runCli(['mock-server', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--port <port>', '--host <host>', '--token <token>', '--pause-ms <ms>']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('with --token, answers other tokens with the real 401 and the token with 200', async () => {
    const { url } = await startMockServer(['--port', '0', '--token', 'sk_only']);
    const refused = await fetch(`${url}/api/v1/chats`, {
      headers: { authorization: 'Bearer sk_other' },
    });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toBe('{"error":"Unauthorized"}');
    const accepted = await fetch(`${url}/api/v1/chats`, {
      headers: { authorization: 'Bearer sk_only' },
    });
    expect(await accepted.json()).toEqual([]);
  });

  it('without --token, accepts any bearer token', async () => {
    const { url } = await startMockServer(['--port', '0']);
    const response = await fetch(`${url}/api/v1/chats`, {
      headers: { authorization: 'Bearer whatever' },
    });
    expect(response.status).toBe(200);
  });

  it('prints the --token in the line to export', async () => {
    const { url, output } = await startMockServer(['--port', '0', '--token', 'sk_only']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain(`export SOAT_BASE_URL=${url} SOAT_TOKEN=sk_only`);
  });

  it('with --pause-ms, pauses between streamed pieces', async () => {
    // A minute's pause: however late the first read runs, it holds the first piece alone
    // (without the flag, all four pieces of "You said: Hi there" come at once).
    const { url } = await startMockServer(['--port', '0', '--pause-ms', '60000']);
    const reader = (await completion(url, 'any')).body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value).match(/"content"/g)).toHaveLength(1);
    // This wait can only let a wrong server pass, never fail a right one.
    const next = track(reader?.read() ?? Promise.resolve(undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(next.settled()).toBe(false);
    await reader?.cancel();
  });

  it('listens on --host, and says so when it cannot', async () => {
    // 203.0.113.1 is TEST-NET-3: no interface of this machine has it, so listening fails.
    const result = await runCli(['mock-server', '--host', '203.0.113.1', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'soat mock-server: cannot listen on 203.0.113.1:0 (EADDRNOTAVAIL)\n',
    );
  });

  it('rejects a --pause-ms that is not a whole number of milliseconds with exit 2', async () => {
    const result = await runCli(['mock-server', '--pause-ms', '1.5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--pause-ms must be a whole number from 0 to 600000');
  });

  it('rejects an empty --host with exit 2', async () => {
    const result = await runCli(['mock-server', '--host', '']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--host must not be empty');
  });
});
