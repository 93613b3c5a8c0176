import { findCommand } from './command-table.js';
import { ExitCode } from './exit-code.js';
import { assertRequiredFlags } from './flags.js';
import type { CliIo } from './io.js';
import { parseInvocation } from './parse-argv.js';
import { runApiCommand } from './run-api-command.js';
import { commandUsage, topUsage } from './usage.js';
import { UsageError } from './usage-error.js';
import { readVersion } from './version.js';

/** What `main` needs from its surroundings. */
export interface MainOptions {
  /** Streams, environment and signals. */
  io: CliIo;
  /** The package.json whose `version` `--version` prints. */
  packageJsonUrl: URL;
}

/**
 * Runs the `soat` CLI on a command line.
 * @param argv - the arguments after `soat`
 * @returns the exit code: 0 done, 1 failed, 2 usage error (nothing sent), 130 interrupted
 */
export async function main(argv: readonly string[], options: MainOptions): Promise<number> {
  const { io } = options;
  try {
    const invocation = parseInvocation(argv);
    if (invocation.kind === 'version') {
      io.stdout(`${await readVersion(options.packageJsonUrl)}\n`);
      return ExitCode.ok;
    }
    if (invocation.kind === 'help') {
      io.stdout(invocation.command ? commandUsage(invocation.command) : topUsage());
      return ExitCode.ok;
    }
    const { command, values } = invocation;
    assertRequiredFlags(command.flags, values, command.name);
    return command.kind === 'api'
      ? await runApiCommand(command, values, io)
      : await command.run(values, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const command = error.command === undefined ? undefined : findCommand(error.command);
    io.stderr(`soat: ${error.message}\n\n${command ? commandUsage(command) : topUsage()}`);
    return ExitCode.usage;
  }
}
