import type { LocalCommand } from '../command.js';
import { ExitCode } from '../exit-code.js';
import { integerFlag } from '../flags.js';
import type { CliIo } from '../io.js';

/** The port `soat mock-server` listens on without `--port`. */
const DEFAULT_MOCK_PORT = 5047;

const HOST = '127.0.0.1';

/**
 * The package's own `./mock-server` entry, imported by name when this command runs. esbuild
 * does not bundle an import whose specifier is a variable, so the other commands do not load
 * the mock (and openapi-backend, about 0.3 s of start-up).
 */
const MOCK_SERVER_ENTRY: string = '@soat/sdk/mock-server';

type MockServerEntry = typeof import('../../mock-server.js');

/** `soat mock-server`: the in-memory SOAT server of `@soat/sdk/mock-server`, until a signal. */
export const mockServer: LocalCommand = {
  kind: 'local',
  name: 'mock-server',
  summary: 'Run a local in-memory SOAT server to try the CLI and the SDK',
  description: `Starts an in-memory SOAT Chats server on ${HOST} and keeps it running until Ctrl-C (SIGINT) or SIGTERM. Any token is accepted; every AI provider exists; completions answer "You said: <last user message>".`,
  flags: {
    port: {
      type: 'string',
      value: '<port>',
      description: `Port to listen on (default ${DEFAULT_MOCK_PORT}; 0 picks a free one)`,
    },
  },
  examples: ['soat mock-server --port 5047'],
  async run(values, io) {
    const port =
      integerFlag(values, 'port', this.name, { min: 0, max: 65_535 }) ?? DEFAULT_MOCK_PORT;
    // Listen for the signals before starting, so that one arriving during start-up still closes.
    const stop = waitForStop(io);
    const { startSoatMockServer } = (await import(MOCK_SERVER_ENTRY)) as MockServerEntry;
    let server: Awaited<ReturnType<typeof startSoatMockServer>>;
    try {
      server = await startSoatMockServer({ port, host: HOST });
    } catch (error) {
      stop.cancel();
      const reason = (error as { code?: unknown }).code ?? (error as Error).message;
      io.stderr(`soat mock-server: cannot listen on ${HOST}:${port} (${String(reason)})\n`);
      return ExitCode.failure;
    }
    io.stdout(
      [
        `SOAT mock server listening on ${server.url}`,
        '',
        'Use it from another terminal:',
        `  export SOAT_BASE_URL=${server.url} SOAT_TOKEN=anything`,
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
