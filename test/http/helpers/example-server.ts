import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A running example server, started as a user starts it (`node --import tsx <script>`). */
export interface ExampleServer {
  /** The URL the example printed. */
  url: string;
  /** Ctrl-C, as a user stops it: resolves with the exit code; SIGKILL after 5 s. */
  stop(): Promise<number | null>;
  /** Everything the example printed so far, stdout and stderr. */
  printed(): string;
}

/**
 * Starts an example server script from the repository root and resolves once its stdout
 * matches `announce`, whose first group is the URL.
 * @throws when the example exits first or prints no URL within `timeoutMs`.
 */
export async function startExampleServer(
  script: string,
  announce: RegExp,
  env: NodeJS.ProcessEnv,
  timeoutMs = 20_000,
): Promise<ExampleServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} printed no URL within ${timeoutMs} ms: ${output}`));
    }, timeoutMs);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output += text;
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      const found = announce.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
      child.kill('SIGINT');
    });
  return { url, stop, printed: () => output };
}
