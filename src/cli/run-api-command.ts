import { ChatCompletionStream, SoatConnectionError } from '../index.js';
import type { ApiCommand } from './command.js';
import { createCliClient } from './connection.js';
import { ExitCode } from './exit-code.js';
import type { FlagValues } from './flags.js';
import type { CliIo, CliSignal } from './io.js';
import { describeErrorResponse, describeFailure, writeJson, writeStream } from './output.js';

/**
 * Runs an API command: builds the client and the call (a `UsageError` escapes before anything is
 * sent), sends it, and prints the answer as JSON, or the text as it arrives for a stream.
 * SIGINT or SIGTERM aborts the call through its signal, which closes the connection.
 * @returns 0 on success, 1 for a server error or a thrown SDK error, 130/143 when interrupted
 * @throws `UsageError` for a bad command line
 */
export async function runApiCommand(
  command: ApiCommand,
  values: FlagValues,
  io: CliIo,
): Promise<number> {
  const { soat, baseUrl, token, attempts } = createCliClient(values, io, command.name);
  const call = await command.prepare(values, io);
  const controller = new AbortController();
  let interruptedBy: CliSignal | undefined;
  const stopListening = io.onSignal(['SIGINT', 'SIGTERM'], (signal) => {
    interruptedBy ??= signal;
    controller.abort(new DOMException(`Interrupted by ${signal}`, 'AbortError'));
  });
  try {
    const result = await call(soat, controller.signal);
    if (result.error !== undefined) {
      const { status } = result.response;
      io.stderr(`${describeErrorResponse(result.error, status, attempts(), token)}\n`);
      return ExitCode.failure;
    }
    if (result.data instanceof ChatCompletionStream) await writeStream(io, result.data);
    else if (result.data !== undefined) writeJson(io, result.data);
    return ExitCode.ok;
  } catch (error) {
    if (interruptedBy === 'SIGINT') return ExitCode.interrupted;
    if (interruptedBy === 'SIGTERM') return ExitCode.terminated;
    const hint =
      error instanceof SoatConnectionError ? `; is the server at ${baseUrl} running?` : '';
    io.stderr(`${describeFailure(error, token)}${hint}\n`);
    return ExitCode.failure;
  } finally {
    stopListening();
  }
}
