import { SoatError } from '../../index.js';
import type { LocalCommand } from '../command.js';
import { ExitCode } from '../exit-code.js';
import { integerFlag, stringFlag, stringListFlag } from '../flags.js';
import type { CliIo, CliSignal } from '../io.js';
import { escapeControls } from '../terminal-text.js';
import { quoteInput, UsageError } from '../usage-error.js';

/** The port `soat mock-server` listens on without `--port`. */
const DEFAULT_MOCK_PORT = 5047;

/** The interface `soat mock-server` listens on without `--host`. */
const DEFAULT_HOST = '127.0.0.1';

/** `--pause-ms`: up to ten minutes. */
const PAUSE_RANGE = { min: 0, max: 600_000 };

/** `--port`: 0 (any free one) or a port number. */
const PORT_RANGE = { min: 0, max: 65_535 };

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
  description: `Starts an in-memory SOAT Chats server (on ${DEFAULT_HOST} unless --host says otherwise) and keeps it running until Ctrl-C (SIGINT, exit 130) or SIGTERM (exit 143). Any bearer token is accepted unless --token names the only one; every AI provider exists unless --ai-provider names them; completions answer "You said: <last user message>", streamed word by word.`,
  flags: {
    port: {
      type: 'string',
      value: '<port>',
      range: PORT_RANGE,
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
      description: "Accept only this bearer token; others get the real server's 401",
    },
    'pause-ms': {
      type: 'string',
      value: '<ms>',
      range: PAUSE_RANGE,
      description: 'Milliseconds between streamed pieces, so streaming is visible (default 0)',
    },
    'ai-provider': {
      type: 'string',
      value: '<id>',
      multiple: true,
      description:
        'An AI provider that exists (repeatable); others are not found, as on a real server (default: every id exists)',
    },
    'server-version': {
      type: 'string',
      value: '<version>',
      description:
        'Play this SOAT version, e.g. 0.28.0: its routes, field names and refusals (default 0.12, the documented API)',
    },
  },
  examples: [
    'soat mock-server --port 5047',
    'soat mock-server --token sk_local --pause-ms 150',
    'soat mock-server --server-version 0.28.0 --ai-provider aip_abc123',
  ],
  async run(values, io) {
    const port = integerFlag(values, 'port', this.name, PORT_RANGE) ?? DEFAULT_MOCK_PORT;
    const pauseMs = integerFlag(values, 'pause-ms', this.name, PAUSE_RANGE) ?? 0;
    const host = stringFlag(values, 'host') ?? DEFAULT_HOST;
    if (host.trim() === '') throw new UsageError('--host must not be empty', this.name);
    const token = stringFlag(values, 'token');
    if (token !== undefined && !/^\S+$/.test(token)) {
      throw new UsageError('--token must be one word (no spaces), as a bearer token is', this.name);
    }
    const aiProviders = stringListFlag(values, 'ai-provider');
    const blank = aiProviders.find((id) => !/^\S+$/.test(id));
    if (blank !== undefined) {
      throw new UsageError(`--ai-provider must be an id, got ${quoteInput(blank)}`, this.name);
    }
    // Trimmed here too, since it is printed in the line to export.
    const serverVersion = stringFlag(values, 'server-version')?.trim();
    // Absent rather than `undefined`: the mock's defaults apply (every provider, SOAT 0.12).
    const options = {
      port,
      host,
      token,
      pauseMs,
      ...(aiProviders.length === 0 ? {} : { aiProviders }),
      ...(serverVersion === undefined ? {} : { serverVersion }),
    };
    // Listen for the signals before starting, so that one arriving during start-up still closes.
    const stop = waitForStop(io);
    const { startSoatMockServer } = (await import(MOCK_SERVER_ENTRY)) as MockServerEntry;
    let server: Awaited<ReturnType<typeof startSoatMockServer>>;
    try {
      server = await startSoatMockServer(options);
    } catch (error) {
      stop.cancel();
      // The mock refuses a version it cannot parse before it listens.
      if (error instanceof SoatError) {
        throw new UsageError(
          error.message.replace(/`?serverVersion`?/, '--server-version'),
          this.name,
        );
      }
      const reason = (error as { code?: unknown }).code ?? (error as Error).message;
      io.stderr(`soat mock-server: cannot listen on ${host}:${port} (${String(reason)})\n`);
      return ExitCode.failure;
    }
    const pin = serverVersion === undefined ? '' : ` SOAT_SERVER_VERSION=${serverVersion}`;
    const provider = escapeControls(aiProviders[0] ?? 'aip_abc123');
    io.stdout(
      [
        `SOAT mock server listening on ${server.url}`,
        ...(serverVersion === undefined ? [] : [`Playing SOAT ${serverVersion}.`]),
        ...(aiProviders.length === 0
          ? []
          : [`AI providers: ${escapeControls(aiProviders.join(', '))}.`]),
        '',
        'Use it from another terminal:',
        `  export SOAT_BASE_URL=${server.url} SOAT_TOKEN=${token ?? 'anything'}${pin}`,
        `  soat create-chat-completion --ai-provider-id ${provider} --message "Hello!" --stream`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    const signal = await stop.promise;
    await server.close();
    return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
  },
};

/** Resolves with the first SIGINT or SIGTERM; `cancel` stops listening. */
function waitForStop(io: CliIo): { promise: Promise<CliSignal>; cancel: () => void } {
  let cancel = () => {};
  const promise = new Promise<CliSignal>((resolve) => {
    const off = io.onSignal(['SIGINT', 'SIGTERM'], (signal) => {
      off();
      resolve(signal);
    });
    cancel = off;
  });
  return { promise, cancel };
}
