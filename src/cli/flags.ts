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
  /** The flag may be given more than once; its value is then every one, in order. */
  multiple?: boolean;
  /** The whole numbers a number flag accepts (the flag's value is still read as a string). */
  range?: IntegerRange;
}

/** The bounds of a whole number flag, both included. */
export interface IntegerRange {
  min: number;
  max: number;
}

/** Flags by name, without the leading `--`. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The values `parseArgs` found, by flag name. */
export type FlagValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** `--help`, which every command accepts. */
export const helpFlag: FlagSpecs = {
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
};

/** The flags `soat` accepts without a command. */
export const topLevelFlags: FlagSpecs = {
  ...helpFlag,
  version: { type: 'boolean', description: 'Print the version' },
};

/** `--max-retries`: up to 100 extra attempts. */
export const RETRIES_RANGE: IntegerRange = { min: 0, max: 100 };

/** A time limit in milliseconds, up to the longest a timer accepts (2^31 - 1). */
export const TIMEOUT_RANGE: IntegerRange = { min: 1, max: 2_147_483_647 };

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
    range: RETRIES_RANGE,
    description: 'Extra attempts after a transient failure (default 2)',
  },
  timeout: {
    type: 'string',
    value: '<ms>',
    range: TIMEOUT_RANGE,
    description: 'Time limit per attempt in milliseconds (default 600000)',
  },
  'server-version': {
    type: 'string',
    value: '<version>',
    description:
      "The server's SOAT version, e.g. 0.28.0: no requests to find it out (or SOAT_SERVER_VERSION)",
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
 * Flags of which a command needs exactly one, e.g. `--ai-provider-id` or `--chat-id`. The first
 * is the one the usage leads with.
 */
export type FlagAlternatives = readonly (readonly [string, ...string[]])[];

/**
 * Checks that every required flag of a command was given, and exactly one flag of each group
 * of `alternatives`.
 * @throws `UsageError` naming each missing flag (a group as `--a (or --b)`), or the two flags of
 * a group given together
 */
export function assertRequiredFlags(
  specs: FlagSpecs,
  values: FlagValues,
  command: string,
  alternatives: FlagAlternatives = [],
): void {
  const missing = Object.entries(specs)
    .filter(([name, spec]) => spec.required === true && values[name] === undefined)
    .map(([name]) => `--${name}`);
  for (const group of alternatives) {
    const given = group.filter((name) => values[name] !== undefined);
    if (given.length > 1) {
      throw new UsageError(
        `give ${given.map((name) => `--${name}`).join(' or ')}, not both`,
        command,
      );
    }
    if (given.length === 0) {
      const [first, ...others] = group;
      missing.push(`--${first} (or ${others.map((name) => `--${name}`).join(', ')})`);
    }
  }
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
  range: IntegerRange,
): number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new UsageError(outOfRange(name, range, text), command);
  }
  return value;
}

/** The message for a number flag whose value is not a whole number in its range. */
export function outOfRange(name: string, range: IntegerRange, text: string): string {
  return `--${name} must be a whole number from ${range.min} to ${range.max}, got ${quoteInput(text)}`;
}

/**
 * Every value of a flag that may be repeated, in the order given; `[]` when it was not given.
 * @param values - what `parseArgs` found
 * @param name - the flag's name, without `--`
 */
export function stringListFlag(values: FlagValues, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
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

/**
 * Like `pathIdFlag`, for an id flag that may be absent.
 * @returns the id, or `undefined` when the flag was not given
 * @throws `UsageError` when the value is `''`, `.` or `..`
 */
export function optionalPathIdFlag(
  values: FlagValues,
  name: string,
  command: string,
): string | undefined {
  return values[name] === undefined ? undefined : pathIdFlag(values, name, command);
}
