/**
 * Worker for figure 3: `soat.chats.createChat` and raw `fetch`, each paired with bare
 * openapi-fetch (see isolate.ts), each in a worker thread of its own with its own connection
 * pool, sending N requests to a node:http server in a child process, sequentially and 16 at a
 * time. Every answer must be the server's Chat.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { comparePaired, contenderContext, pairedRatios, serveContender } from './isolate.js';
import { SoatClient } from './sdk.js';
import { argument, report } from './stats.js';

interface Options {
  baseUrl: string;
  requests: number;
}

const token = 'sk_bench';
const body = { project_id: 'proj_ABC', ai_provider_id: 'aip_abc123', name: 'Support Assistant' };
const tasks: Record<string, number> = { sequential: 1, 'concurrency 16': 16 };
const BASELINE = 'openapi-fetch';

/** Builds one contender's createChat call; each resolves to the Chat it got back. */
const contenders: Record<string, (baseUrl: string) => () => Promise<unknown>> = {
  'openapi-fetch': (baseUrl) => {
    const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
    return async () => {
      const { data, response } = await client.POST('/api/v1/chats', { body });
      if (response.status !== 201) throw new Error(`status ${response.status}`);
      return data;
    };
  },
  'raw fetch': (baseUrl) => {
    const url = `${baseUrl}/api/v1/chats`;
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    return async () => {
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
      if (response.status !== 201) throw new Error(`status ${response.status}`);
      return response.json();
    };
  },
  'ours: soat.chats.createChat': (baseUrl) => {
    const soat = new SoatClient({ baseUrl, token });
    return async () => {
      const { data, response } = await soat.chats.createChat({ body });
      if (response.status !== 201) throw new Error(`status ${response.status}`);
      return data;
    };
  },
};

const context = contenderContext<Options>();
if (context) {
  const { baseUrl, requests } = context.options;
  const call = (contenders[context.name] as (baseUrl: string) => () => Promise<unknown>)(baseUrl);
  serveContender(async (task) => {
    let sent = 0;
    let last: unknown;
    const worker = async () => {
      while (sent < requests) {
        sent++;
        last = await call();
      }
    };
    await Promise.all(Array.from({ length: tasks[task] ?? 1 }, worker));
    return JSON.stringify(last);
  });
} else {
  const server = spawn(process.execPath, [new URL('./chat-server.mjs', import.meta.url).pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
  const { port, chat } = JSON.parse(line) as { port: number; chat: string };
  const requests = Number(argument('requests', '2000'));
  const only = argument('only', '');
  const names = Object.keys(contenders).filter(
    (name) => name !== BASELINE && (!only || only.split(',').includes(name)),
  );
  try {
    const pairs = await comparePaired({
      entry: new URL(import.meta.url),
      baseline: BASELINE,
      names,
      tasks: Object.keys(tasks),
      rounds: Number(argument('rounds', '5')),
      warmup: Number(argument('warmup', '1')),
      options: { baseUrl: `http://127.0.0.1:${port}`, requests } satisfies Options,
      // Every contender must have received exactly the server's Chat.
      expectedCheck: chat,
    });
    report({
      requests,
      ratios: Object.fromEntries(
        Object.entries(pairs).map(([task, byName]) => [task, pairedRatios(byName)]),
      ),
      pairs,
    });
  } finally {
    server.stdin?.end();
  }
}
