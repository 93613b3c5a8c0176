/**
 * Runs the built `soat` CLI (dist/cli.js; `npm run build` first) as a real process, with only
 * PATH and the given variables in its environment.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves once stdout contains `text`; rejects if the process ends first. */
  stdoutContains(text: string): Promise<void>;
  result: Promise<CliResult>;
}

export interface CliOptions {
  env?: Record<string, string>;
  stdin?: string;
}

/** Starts `node dist/cli.js ...args`. */
export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const waiter of waiters) if (stdout.includes(waiter.text)) waiter.resolve();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin?.end(options.stdin);
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      for (const waiter of waiters) {
        waiter.reject(
          new Error(`the CLI exited (${code}) first; stdout: ${stdout}; stderr: ${stderr}`),
        );
      }
      resolve({ code, stdout, stderr });
    });
  });
  const stdoutContains = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (stdout.includes(text)) resolve();
      else waiters.push({ text, resolve, reject });
    });
  return { child, stdoutContains, result };
}

/** Runs `node dist/cli.js ...args` to its end. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}
