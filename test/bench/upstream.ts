/** Starts `stream-server.ts` (figures 6 and 7) in a child process. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** The upstream's base URL, the short answer's text, the big answer's digest, and how to stop it. */
export interface Upstream {
  baseUrl: string;
  short: string;
  big: string;
  stop(): void;
}

/** Starts the upstream serving a big body of `size` bytes. */
export async function startUpstream(size: number): Promise<Upstream> {
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./stream-server.ts', import.meta.url).pathname,
      '--size',
      String(size),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
  const { port, short, big } = JSON.parse(line) as { port: number; short: string; big: string };
  return { baseUrl: `http://127.0.0.1:${port}`, short, big, stop: () => server.stdin?.end() };
}

/** The request body every contender sends; `model: 'big'` asks for the big answer. */
export function completionBody(model: 'short' | 'big') {
  return {
    ai_provider_id: 'aip_bench',
    messages: [{ role: 'user' as const, content: 'Hi' }],
    model,
    stream: true as const,
  };
}
