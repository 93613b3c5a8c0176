/**
 * A mistake on the command line: an unknown command or flag, a missing or malformed value.
 * The CLI prints its message and the usage, exits 2 and sends nothing.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  /** The command whose usage to print; `undefined` for the top-level usage. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}
