/**
 * A mistake on the command line: an unknown command or flag, a missing or malformed value.
 * The CLI prints its message and where to find the usage, exits 2 and sends nothing.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  /** The command whose `--help` to point at; `undefined` for the top-level one. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

const QUOTE_LIMIT = 40;

/**
 * Quotes what the user typed for an error message, in single quotes, cut to its first line and
 * to 40 characters (`…` marks a cut), so that an error stays one line whatever was pasted.
 * @param text - the user's input, e.g. an unknown command or a flag's value
 */
export function quoteInput(text: string): string {
  const firstLine = text.split(/\r?\n|\r/, 1)[0] ?? '';
  const cut = firstLine.length > QUOTE_LIMIT || firstLine !== text;
  return `'${firstLine.slice(0, QUOTE_LIMIT)}${cut ? '…' : ''}'`;
}
