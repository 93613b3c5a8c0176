import { quoteInput, UsageError } from './usage-error.js';

/** One flag of a command: its `parseArgs` type plus what the usage says about it. */
export interface FlagSpec {
  /** `string` takes a value; `boolean` is a switch. */
  type: 'string' | 'boolean';
  /** A one-letter alias, e.g. `h` for `--help`. */
  short?: string;
  /** The value's placeholder in the usage, e.g. `<id>`. */
  value?: string;
  /** One line for the usage. */
  description: string;
  /** The command cannot run without it. */
  required?: boolean;
}

/** Flags by name, without the leading `--`. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The values `parseArgs` found, by flag name. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** `--help`, which every command accepts. */
export const helpFlag: FlagSpecs = {
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
};

/** The flags `soat` accepts without a command. */
export const topLevelFlags: FlagSpecs = {
  ...helpFlag,
  version: { type: 'boolean', description: 'Print the version' },
};

/** The flags of every command that talks to a server. */
export const connectionFlags: FlagSpecs = {
  'base-url': {
    type: 'string',
    value: '<url>',
    description: 'Server URL, e.g. https://api.example.com (or SOAT_BASE_URL)',
  },
  token: {
    type: 'string',
    value: '<token>',
    description: 'Session token or sk_ API key (or SOAT_TOKEN)',
  },
  'max-retries': {
    type: 'string',
    value: '<n>',
    description: 'Extra attempts after a transient failure (default 2)',
  },
  timeout: {
    type: 'string',
    value: '<ms>',
    description: 'Time limit per attempt in milliseconds (default 600000)',
  },
  verbose: {
    type: 'boolean',
    description: "Print the SDK's log line of every attempt to stderr",
  },
};

/**
 * The value of a string flag, or `undefined` when it was not given.
 * @param values - what `parseArgs` found
 * @param name - the flag's name, without `--`
 */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The value of a flag the usage marks as required, which `assertRequiredFlags` already checked.
 * @throws `UsageError` when it is missing after all
 */
export function requiredFlag(values: FlagValues, name: string, command: string): string {
  const value = stringFlag(values, name);
  if (value === undefined) throw new UsageError(`missing required flag --${name}`, command);
  return value;
}

/**
 * Checks that every required flag of a command was given.
 * @throws `UsageError` naming each missing flag
 */
export function assertRequiredFlags(specs: FlagSpecs, values: FlagValues, command: string): void {
  const missing = Object.entries(specs)
    .filter(([name, spec]) => spec.required === true && values[name] === undefined)
    .map(([name]) => `--${name}`);
  if (missing.length === 1) throw new UsageError(`missing required flag ${missing[0]}`, command);
  if (missing.length > 1) {
    throw new UsageError(`missing required flags ${missing.join(', ')}`, command);
  }
}

/**
 * A whole number flag within bounds, or `undefined` when it was not given.
 * @throws `UsageError` when the value is not a whole number in `[min, max]`
 */
export function integerFlag(
  values: FlagValues,
  name: string,
  command: string,
  range: { min: number; max: number },
): number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new UsageError(
      `--${name} must be a whole number from ${range.min} to ${range.max}, got ${quoteInput(text)}`,
      command,
    );
  }
  return value;
}

/**
 * The value of a required flag that becomes one segment of the URL path (`--chat-id`).
 * `''`, `.` and `..` are refused: a URL resolves the dots away, so the request would reach
 * another endpoint (`get-chat --chat-id .` would list every chat).
 * @throws `UsageError` when the flag is missing or is one of those values
 */
export function pathIdFlag(values: FlagValues, name: string, command: string): string {
  const value = requiredFlag(values, name, command);
  if (value === '' || value === '.' || value === '..') {
    throw new UsageError(`--${name} cannot be ${quoteInput(value)}: give an id`, command);
  }
  return value;
}
