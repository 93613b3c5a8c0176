/**
 * Worker for figure 6: N sequential streamed completions over keep-alive, read whole, by
 * `SoatClient` + `text()` and by the plain loop over `fetch` (the baseline), each in a worker
 * thread of its own with its own connection pool (see isolate.ts). Also counts the TCP
 * connections each opened for one run of N, from the server's `x-connection` header.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { comparePaired, contenderContext, pairedRatios, serveContender } from './isolate.js';
import { plainLoop } from './plain-loop.js';
import { SoatClient } from './sdk.js';
import { argument, digest, report } from './stats.js';
import { completionBody, startUpstream } from './upstream.js';

interface Options {
  baseUrl: string;
  completions: number;
}

const token = 'sk_bench';
const BASELINE = 'plain loop + fetch';

/** One completion: resolves to its text and the id of the connection it came over. */
type Complete = () => Promise<{ text: string; connection: string | null }>;

const contenders: Record<string, (baseUrl: string) => Complete> = {
  [BASELINE]: (baseUrl) => {
    const url = `${baseUrl}/api/v1/chats/completions`;
    const init = {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(completionBody('short')),
    };
    return async () => {
      const response = await fetch(url, init);
      let text = '';
      for await (const delta of plainLoop(response)) text += delta;
      return { text, connection: response.headers.get('x-connection') };
    };
  },
  // For information: how much of the gap is openapi-fetch's own (building a Request per call).
  'bare openapi-fetch + plain loop': (baseUrl) => {
    const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
    return async () => {
      const { response } = await client.POST('/api/v1/chats/completions', {
        body: completionBody('short'),
        parseAs: 'stream',
      });
      let text = '';
      for await (const delta of plainLoop(response)) text += delta;
      return { text, connection: response.headers.get('x-connection') };
    };
  },
  'ours: createChatCompletion + text()': (baseUrl) => {
    const soat = new SoatClient({ baseUrl, token });
    return async () => {
      const { data, error } = await soat.chats.createChatCompletion({
        body: completionBody('short'),
      });
      if (error) throw new Error(JSON.stringify(error));
      return { text: await data.text(), connection: data.response.headers.get('x-connection') };
    };
  },
};

/** Runs `completions` completions one at a time: their joined text and the connections used. */
async function runAll(complete: Complete, completions: number) {
  const connections = new Set<string | null>();
  let text = '';
  for (let i = 0; i < completions; i++) {
    const answer = await complete();
    text += answer.text;
    connections.add(answer.connection);
  }
  return { text, connections: connections.size };
}

const context = contenderContext<Options>();
if (context) {
  const complete = (contenders[context.name] as (baseUrl: string) => Complete)(
    context.options.baseUrl,
  );
  serveContender(async () => digest((await runAll(complete, context.options.completions)).text));
} else {
  const completions = Number(argument('completions', '200'));
  const upstream = await startUpstream(1000);
  try {
    const options: Options = { baseUrl: upstream.baseUrl, completions };
    const pairs = await comparePaired({
      entry: new URL(import.meta.url),
      baseline: BASELINE,
      names: Object.keys(contenders).filter((name) => name !== BASELINE),
      tasks: ['sequential'],
      rounds: Number(argument('rounds', '5')),
      warmup: Number(argument('warmup', '1')),
      options,
      expectedCheck: digest(upstream.short.repeat(completions)),
    });
    // Connections opened for one run of N, each contender with a fresh pool (a fresh process's
    // global dispatcher is shared, so each gets its own server-side count from x-connection).
    const connections: Record<string, number> = {};
    for (const [name, make] of Object.entries(contenders)) {
      connections[name] = (await runAll(make(upstream.baseUrl), completions)).connections;
    }
    report({ completions, ratios: pairedRatios(pairs.sequential ?? {}), connections, pairs });
  } finally {
    upstream.stop();
  }
}
