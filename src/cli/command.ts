import type { SoatClient, SoatResult } from '../index.js';
import type { FlagAlternatives, FlagSpecs, FlagValues } from './flags.js';
import type { CliIo } from './io.js';

/** One call on the client, ready to send; `signal` aborts it (Ctrl-C). */
export type ApiCall = (soat: SoatClient, signal: AbortSignal) => Promise<SoatResult<unknown>>;

/** What every command has for parsing and for its usage. */
interface CommandBase {
  /** The word after `soat`, e.g. `create-chat`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** A few sentences for the command's own usage. */
  description: string;
  /** The command's own flags (`--help`, and the connection flags of an API command, are added). */
  flags: FlagSpecs;
  /** Groups of flags of which exactly one must be given, e.g. `--messages` or `--message`. */
  alternatives?: FlagAlternatives;
  /** Whole command lines shown under "Examples". */
  examples: readonly string[];
}

/**
 * A command that makes one call through `SoatClient`. `prepare` turns the flags into the call
 * and throws `UsageError` for a bad value; it never sends anything, so a usage error is always
 * caught before the request.
 */
export interface ApiCommand extends CommandBase {
  kind: 'api';
  /**
   * Builds the call from the flags (all required ones are present).
   * @throws `UsageError` for a value that cannot be sent
   */
  prepare(values: FlagValues, io: CliIo): Promise<ApiCall>;
}

/** A command that runs locally and produces its own exit code. */
export interface LocalCommand extends CommandBase {
  kind: 'local';
  /**
   * Runs the command (all required flags are present).
   * @returns the exit code
   * @throws `UsageError` for a bad value, before anything started
   */
  run(values: FlagValues, io: CliIo): Promise<number>;
}

/** A `soat` command. */
export type Command = ApiCommand | LocalCommand;
