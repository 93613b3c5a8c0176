/**
 * Worker for figure 1: every contender reads the same body, cut into the same pieces, in a
 * worker thread of its own, in pairs with the plain loop (see isolate.ts); prints each
 * contender's median speed ratio to the plain loop. Run by `run.mjs`.
 */
import { buildBody, cutPieces, piecesResponse } from './body.js';
import { comparePaired, contenderContext, pairedRatios, serveContender } from './isolate.js';
import { argument, digest, report } from './stats.js';
import { contenders, type Read } from './stream-contenders.js';

interface Options {
  size: number;
  min: number;
  max: number;
}

const BASELINE = 'plain loop';

const context = contenderContext<Options>();
if (context) {
  const { size, min, max } = context.options;
  const body = buildBody(size, 1);
  const cuts = cutPieces(body.bytes.length, min, max, 2);
  const read = contenders[context.name] as Read;
  serveContender(async () => {
    const text = await read(piecesResponse(body.bytes, cuts));
    if (text !== body.text) {
      throw new Error(`read a different text (${digest(text)}, expected ${digest(body.text)})`);
    }
    return digest(text);
  });
} else {
  const options: Options = {
    size: Number(argument('size', String(30e6))),
    min: Number(argument('min', '1')),
    max: Number(argument('max', String(16 * 1024))),
  };
  const only = argument('only', '');
  const names = Object.keys(contenders).filter(
    (name) => name !== BASELINE && (!only || only.split(',').includes(name)),
  );
  const body = buildBody(options.size, 1);
  const cuts = cutPieces(body.bytes.length, options.min, options.max, 2);
  const pairs = await comparePaired({
    entry: new URL(import.meta.url),
    baseline: BASELINE,
    names,
    tasks: ['read'],
    rounds: Number(argument('rounds', '7')),
    warmup: Number(argument('warmup', '2')),
    options,
    expectedCheck: digest(body.text),
    // openai-node's reader is 2–6 times slower and has no budget: fewer pairs of it.
    everyNthRound: { 'openai-node Stream': 3 },
  });
  report({
    bytes: body.bytes.length,
    events: body.events,
    pieces: cuts.length - 1,
    ratios: pairedRatios(pairs.read ?? {}),
    pairs: pairs.read,
  });
}
