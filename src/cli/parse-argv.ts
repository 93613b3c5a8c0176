import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Command } from './command.js';
import { commands, findCommand, flagsOf } from './command-table.js';
import { type FlagSpecs, type FlagValues, helpFlag, outOfRange, topLevelFlags } from './flags.js';
import { nearest } from './suggest.js';
import { quoteInput, UsageError } from './usage-error.js';

/** What the command line asks for. */
export type Invocation =
  | { kind: 'help'; command: Command | undefined }
  | { kind: 'no-command' }
  | { kind: 'version' }
  | { kind: 'run'; command: Command; values: FlagValues };

/**
 * Reads the command line with `node:util`'s `parseArgs` in strict mode: the command is the
 * first positional argument, and only that command's flags are accepted.
 * @param argv - the arguments after `soat`
 * @returns `no-command` for a bare `soat`, whose answer is the usage
 * @throws `UsageError` for an unknown command or flag, a flag without its value, or an extra
 * argument
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  const name = findCommandName(argv);
  if (name === undefined) {
    const { values } = strictParse(argv, topLevelFlags, false, undefined);
    if (values.help === true) return { kind: 'help', command: undefined };
    if (values.version === true) return { kind: 'version' };
    return { kind: 'no-command' };
  }
  if (name === 'help') return parseHelp(argv);
  const command = findCommand(name);
  if (command === undefined) {
    // `soat --bogus value create-chat` names `value` as the command: report the flag instead.
    strictParse(argv, allFlags(), true, undefined);
    throw unknownCommand(name);
  }
  const { values, positionals } = strictParse(argv, flagsOf(command), true, command.name);
  if (values.help === true) return { kind: 'help', command };
  const extra = positionals[1];
  if (extra !== undefined) {
    throw new UsageError(`unexpected argument ${quoteInput(extra)}`, command.name);
  }
  return { kind: 'run', command, values };
}

function parseHelp(argv: readonly string[]): Invocation {
  const { positionals } = strictParse(argv, helpFlag, true, undefined);
  const [, name, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${quoteInput(extra)}`);
  if (name === undefined) return { kind: 'help', command: undefined };
  const command = findCommand(name);
  if (command === undefined) throw unknownCommand(name);
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
    return { values: values as FlagValues, positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error, argv, specs), command);
  }
}

function toParseArgsOptions(specs: FlagSpecs): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short === undefined ? {} : { short: spec.short }),
        ...(spec.multiple === true ? { multiple: true } : {}),
      },
    ]),
  );
}

function unknownCommand(name: string): UsageError {
  const suggestion = nearest(name, [...commands.map((command) => command.name), 'help']);
  const hint = suggestion === undefined ? '' : `; did you mean '${suggestion}'?`;
  return new UsageError(`unknown command ${quoteInput(name)}${hint}`);
}

/** Whether `word` names one of `specs`' flags (`--token`, `--token=x`, `-h`). */
function isFlag(word: string, specs: FlagSpecs): boolean {
  if (word.startsWith('--')) return Object.hasOwn(specs, word.slice(2).replace(/=.*$/s, ''));
  return Object.values(specs).some((spec) => spec.short !== undefined && word === `-${spec.short}`);
}

/** `text` as one shell word: as it is when that is safe, else in single quotes. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Rewrites a `parseArgs` error in the CLI's own words, with a "did you mean" for an unknown flag.
 * @throws the error itself when it is not one of `parseArgs`'s
 */
function describeParseError(error: unknown, argv: readonly string[], specs: FlagSpecs): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string' || typeof code !== 'string') throw error;
  const quoted = /'([^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) {
    const flag = quoted.replace(/=.*$/s, '');
    const suggestion = flag.startsWith('--')
      ? nearest(flag.slice(2), Object.keys(specs))
      : undefined;
    const hint = suggestion === undefined ? '' : `; did you mean '--${suggestion}'?`;
    return `unknown flag ${quoteInput(flag)}${hint}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted !== undefined) {
    return `unexpected argument ${quoteInput(quoted)}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted !== undefined) {
    const flag = quoted.replace(/ <value>$/, '');
    if (/does not take an argument/.test(message)) return `${flag} takes no value`;
    // "argument is ambiguous": the next word starts with '-', so parseArgs will not take it.
    const next = argv[argv.indexOf(flag) + 1];
    if (next?.startsWith('-') && isFlag(next, specs)) {
      return `${flag} needs a value, but the next word is the flag ${quoteInput(next)}`;
    }
    // A number flag takes no negative number in any form: say so, not how to pass it.
    const range = specs[flag.slice(2)]?.range;
    if (next !== undefined && range !== undefined) return outOfRange(flag.slice(2), range, next);
    if (next?.startsWith('-')) {
      const shown = quoteInput(next);
      const form = shown === `'${next}'` ? `${flag}=${shellWord(next)}` : `${flag}='<value>'`;
      return `${flag} needs a value (${shown} reads as a flag); to pass it, write ${form}`;
    }
    return `${flag} needs a value`;
  }
  if (code.startsWith('ERR_PARSE_ARGS_')) return message.split('\n', 1)[0] ?? message;
  throw error;
}
