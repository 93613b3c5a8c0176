/**
 * Worker for figure 3: `soat.chats.createChat` against raw `fetch` and bare openapi-fetch, each
 * sending N requests to a node:http server in a child process, sequentially and 16 at a time,
 * alternated. Every answer must be the server's Chat.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { SoatClient } from '../../src/index.js';
import { argument, report, type Sample, type Samples, startClock, summarize } from './stats.js';

const requests = Number(argument('requests', '2000'));
const rounds = Number(argument('rounds', '5'));
const warmup = Number(argument('warmup', '1'));
const concurrency = 16;

const server = spawn(process.execPath, [new URL('./chat-server.mjs', import.meta.url).pathname], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
const { port, chat } = JSON.parse(line) as { port: number; chat: string };
const baseUrl = `http://127.0.0.1:${port}`;
const token = 'sk_bench';
const body = { project_id: 'proj_ABC', ai_provider_id: 'aip_abc123', name: 'Support Assistant' };

const soat = new SoatClient({ baseUrl, token });
const bare = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
const url = `${baseUrl}/api/v1/chats`;
const fetchHeaders = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

/** One createChat; resolves to the Chat it got back. */
const contenders: Record<string, () => Promise<unknown>> = {
  'openapi-fetch': async () => {
    const { data, response } = await bare.POST('/api/v1/chats', { body });
    if (response.status !== 201) throw new Error(`status ${response.status}`);
    return data;
  },
  'raw fetch': async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: fetchHeaders,
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`status ${response.status}`);
    return response.json();
  },
  'ours: soat.chats.createChat': async () => {
    const { data, response } = await soat.chats.createChat({ body });
    if (response.status !== 201) throw new Error(`status ${response.status}`);
    return data;
  },
};

/** Sends `requests` calls, `parallel` at a time; resolves to the wall and CPU time taken. */
async function time(call: () => Promise<unknown>, parallel: number): Promise<Sample> {
  let sent = 0;
  let last: unknown;
  const worker = async () => {
    while (sent < requests) {
      sent++;
      last = await call();
    }
  };
  const stop = startClock();
  await Promise.all(Array.from({ length: parallel }, worker));
  const sample = stop();
  if (JSON.stringify(last) !== chat) throw new Error(`unexpected answer ${JSON.stringify(last)}`);
  return sample;
}

const names = Object.keys(contenders);
const modes = { sequential: 1, 'concurrency 16': concurrency };
const samples: Record<string, Samples> = {};
for (const mode of Object.keys(modes)) {
  samples[mode] = Object.fromEntries(names.map((name) => [name, []]));
}
for (let round = 0; round < warmup + rounds; round++) {
  for (const [mode, parallel] of Object.entries(modes)) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as string;
      const sample = await time(contenders[name] as () => Promise<unknown>, parallel);
      if (round >= warmup) samples[mode]?.[name]?.push(sample);
    }
  }
}
server.stdin?.end();
report({
  requests,
  rounds,
  medians: Object.fromEntries(
    Object.entries(samples).map(([mode, byName]) => [mode, summarize(byName)]),
  ),
  samples,
});
