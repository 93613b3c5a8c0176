import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Command } from './command.js';
import { commands, findCommand, flagsOf } from './command-table.js';
import { type FlagSpecs, type FlagValues, helpFlag, topLevelFlags } from './flags.js';
import { UsageError } from './usage-error.js';

/** What the command line asks for. */
export type Invocation =
  | { kind: 'help'; command: Command | undefined }
  | { kind: 'version' }
  | { kind: 'run'; command: Command; values: FlagValues };

/**
 * Reads the command line with `node:util`'s `parseArgs` in strict mode: the command is the
 * first positional argument, and only that command's flags are accepted.
 * @param argv - the arguments after `soat`
 * @throws `UsageError` for an unknown command or flag, a flag without its value, or an extra
 * argument
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  const name = findCommandName(argv);
  if (name === undefined) {
    const { values } = strictParse(argv, topLevelFlags, false, undefined);
    if (values.help === true) return { kind: 'help', command: undefined };
    if (values.version === true) return { kind: 'version' };
    throw new UsageError('missing command');
  }
  if (name === 'help') return parseHelp(argv);
  const command = findCommand(name);
  if (command === undefined) {
    // `soat --bogus value create-chat` names `value` as the command: report the flag instead.
    strictParse(argv, allFlags(), true, undefined);
    throw new UsageError(`unknown command '${name}'`);
  }
  const { values, positionals } = strictParse(argv, flagsOf(command), true, command.name);
  if (values.help === true) return { kind: 'help', command };
  const extra = positionals[1];
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`, command.name);
  return { kind: 'run', command, values };
}

function parseHelp(argv: readonly string[]): Invocation {
  const { positionals } = strictParse(argv, helpFlag, true, undefined);
  const [, name, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  if (name === undefined) return { kind: 'help', command: undefined };
  const command = findCommand(name);
  if (command === undefined) throw new UsageError(`unknown command '${name}'`);
  return { kind: 'help', command };
}

/** The first positional argument, skipping the values of every flag any command knows. */
function findCommandName(argv: readonly string[]): string | undefined {
  const { positionals } = parseArgs({
    args: [...argv],
    options: toParseArgsOptions(allFlags()),
    strict: false,
    allowPositionals: true,
  });
  return positionals[0];
}

function allFlags(): FlagSpecs {
  return Object.assign({}, topLevelFlags, ...commands.map(flagsOf));
}

function strictParse(
  argv: readonly string[],
  specs: FlagSpecs,
  allowPositionals: boolean,
  command: string | undefined,
): { values: FlagValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: toParseArgsOptions(specs),
      strict: true,
      allowPositionals,
    });
    // No flag sets `multiple`, so no value is an array.
    return { values: values as FlagValues, positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
}

function toParseArgsOptions(specs: FlagSpecs): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short },
    ]),
  );
}

function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') throw error;
  const quoted = /'([^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) {
    return `unknown flag '${quoted}'`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted !== undefined) {
    return `unexpected argument '${quoted}'`;
  }
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    return message.replace(/\s*\n\s*/g, ' ');
  }
  throw error;
}
