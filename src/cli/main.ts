import { ExitCode } from './exit-code.js';
import { assertRequiredFlags } from './flags.js';
import type { CliIo } from './io.js';
import { parseInvocation } from './parse-argv.js';
import { runApiCommand } from './run-api-command.js';
import { escapeControls } from './terminal-text.js';
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
    if (invocation.kind === 'no-command') {
      // A bare `soat` asks what there is: the usage, on stderr since no command ran.
      io.stderr(topUsage());
      return ExitCode.usage;
    }
    if (invocation.kind === 'help') {
      io.stdout(invocation.command ? commandUsage(invocation.command) : topUsage());
      return ExitCode.ok;
    }
    const { command, values } = invocation;
    assertRequiredFlags(command.flags, values, command.name, command.alternatives);
    return command.kind === 'api'
      ? await runApiCommand(command, values, io)
      : await command.run(values, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(usageErrorText(error));
    return ExitCode.usage;
  }
}

/**
 * What a usage error prints: the problem on one line, then where the usage is (not the usage
 * itself, which would bury the problem).
 */
export function usageErrorText(error: UsageError): string {
  const help = error.command === undefined ? 'soat --help' : `soat ${error.command} --help`;
  const message = escapeControls(error.message.replace(/\s*\n\s*/g, ' '));
  return `soat: ${message}\nRun '${help}' for usage.\n`;
}
