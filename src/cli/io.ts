/** The signals the CLI reacts to. */
export type CliSignal = 'SIGINT' | 'SIGTERM';

/**
 * Everything the CLI touches outside itself, so that commands never reach for `process`
 * directly and the entry point is the only place that knows about it.
 */
export interface CliIo {
  /** Writes text to standard output as it is. */
  stdout(text: string): void;
  /** Writes text to standard error as it is. */
  stderr(text: string): void;
  /** Reads standard input to its end, as UTF-8. */
  readStdin(): Promise<string>;
  /** The environment variables (`SOAT_BASE_URL`, `SOAT_TOKEN`). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Calls `handler` when one of `signals` arrives, instead of the default of dying at once.
   * @returns a function that removes the handler again
   */
  onSignal(signals: readonly CliSignal[], handler: (signal: CliSignal) => void): () => void;
}

/** A `CliIo` on the current process's streams, environment and signals. */
export function createProcessIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      process.stdin.setEncoding('utf8');
      let text = '';
      for await (const chunk of process.stdin) text += chunk;
      return text;
    },
    env: process.env,
    onSignal: (signals, handler) => {
      for (const signal of signals) process.on(signal, handler);
      return () => {
        for (const signal of signals) process.off(signal, handler);
      };
    },
  };
}
