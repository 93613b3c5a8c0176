/** The process exit codes of the `soat` CLI. */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The server answered with an error, or the call failed (unreachable, timeout, broken stream). */
  failure: 1,
  /** The command line was wrong; nothing was sent. */
  usage: 2,
  /** Stopped by Ctrl-C (SIGINT), as shells report it: 128 + 2. */
  interrupted: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  terminated: 143,
} as const;
