/**
 * Worker for figure 6: N sequential streamed completions over keep-alive, read whole, by
 * `SoatClient` + `text()` and by the plain loop over `fetch` (the baseline), each in a worker
 * thread of its own with its own connection pool (see isolate.ts). Also counts the TCP
 * connections each opened for one run of N, from the server's `x-connection` header.
 */
import { comparePaired, contenderContext, pairedRatios, serveContender } from './isolate.js';
import { BASELINE, type Complete, contenders } from './keep-alive-contenders.js';
import { argument, digest, report } from './stats.js';
import { startUpstream } from './upstream.js';

interface Options {
  baseUrl: string;
  completions: number;
}

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
