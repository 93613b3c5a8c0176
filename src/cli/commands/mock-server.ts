import type { LocalCommand } from '../command.js';
import { ExitCode } from '../exit-code.js';
import { integerFlag, stringFlag } from '../flags.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

/** The port `soat mock-server` listens on without `--port`. */
const DEFAULT_MOCK_PORT = 5047;

/** The interface `soat mock-server` listens on without `--host`. */
const DEFAULT_HOST = '127.0.0.1';

/** The longest `--pause-ms`: ten minutes. */
const MAX_PAUSE_MS = 600_000;

/**
 * The package's own `./mock-server` entry, imported by name when this command runs. esbuild
 * does not bundle an import whose specifier is a variable, so the other commands do not load
 * the mock.
 */
const MOCK_SERVER_ENTRY: string = '@soat/sdk/mock-server';

type MockServerEntry = typeof import('../../mock-server.js');

/** `soat mock-server`: the in-memory SOAT server of `@soat/sdk/mock-server`, until a signal. */
export const mockServer: LocalCommand = {
  kind: 'local',
  name: 'mock-server',
  summary: 'Run a local in-memory SOAT server to try the CLI and the SDK',
  description: `Starts an in-memory SOAT Chats server (on ${DEFAULT_HOST} unless --host says otherwise) and keeps it running until Ctrl-C (SIGINT) or SIGTERM. Any bearer token is accepted unless --token names the only one; every AI provider exists; completions answer "You said: <last user message>", streamed word by word.`,
  flags: {
    port: {
      type: 'string',
      value: '<port>',
      description: `Port to listen on (default ${DEFAULT_MOCK_PORT}; 0 picks a free one)`,
    },
    host: {
      type: 'string',
      value: '<host>',
      description: `Interface to listen on (default ${DEFAULT_HOST}; 0.0.0.0 for every interface)`,
    },
    token: {
      type: 'string',
      value: '<token>',
      description: 'Accept only this bearer token; others get 401 {"error":"Unauthorized"}',
    },
    'pause-ms': {
      type: 'string',
      value: '<ms>',
      description: 'Milliseconds between streamed pieces, so streaming is visible (default 0)',
    },
  },
  examples: ['soat mock-server --port 5047', 'soat mock-server --token sk_local --pause-ms 150'],
  async run(values, io) {
    const port =
      integerFlag(values, 'port', this.name, { min: 0, max: 65_535 }) ?? DEFAULT_MOCK_PORT;
    const pauseMs = integerFlag(values, 'pause-ms', this.name, { min: 0, max: MAX_PAUSE_MS }) ?? 0;
    const host = stringFlag(values, 'host') ?? DEFAULT_HOST;
    if (host.trim() === '') throw new UsageError('--host must not be empty', this.name);
    const token = stringFlag(values, 'token');
    if (token !== undefined && !/^\S+$/.test(token)) {
      throw new UsageError('--token must be one word (no spaces), as a bearer token is', this.name);
    }
    // Listen for the signals before starting, so that one arriving during start-up still closes.
    const stop = waitForStop(io);
    const { startSoatMockServer } = (await import(MOCK_SERVER_ENTRY)) as MockServerEntry;
    let server: Awaited<ReturnType<typeof startSoatMockServer>>;
    try {
      server = await startSoatMockServer({ port, host, token, pauseMs });
    } catch (error) {
      stop.cancel();
      const reason = (error as { code?: unknown }).code ?? (error as Error).message;
      io.stderr(`soat mock-server: cannot listen on ${host}:${port} (${String(reason)})\n`);
      return ExitCode.failure;
    }
    io.stdout(
      [
        `SOAT mock server listening on ${server.url}`,
        '',
        'Use it from another terminal:',
        `  export SOAT_BASE_URL=${server.url} SOAT_TOKEN=${token ?? 'anything'}`,
        '  soat list-chats',
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await stop.promise;
    await server.close();
    return ExitCode.ok;
  },
};

function waitForStop(io: CliIo): { promise: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const promise = new Promise<void>((resolve) => {
    const off = io.onSignal(['SIGINT', 'SIGTERM'], () => {
      off();
      resolve();
    });
    cancel = off;
  });
  return { promise, cancel };
}
