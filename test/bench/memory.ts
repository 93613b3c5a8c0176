/**
 * Worker for figure 4, one run per process: streams a lazily generated body of `--size` bytes
 * through `--contender` (`plain` or `ours`), checks the text, and reports the process's peak RSS.
 * Both contenders load the same modules, so only the reading differs.
 */

import { lazyBody } from './body.js';
import { plainLoop } from './plain-loop.js';
import { parseChatCompletionStream } from './sdk.js';
import { argument, report } from './stats.js';

const size = Number(argument('size', String(20e6)));
const contender = argument('contender', 'ours');

/** FNV-1a over UTF-16 code units, fed piece by piece. */
function hasher(): { update: (text: string) => void; digest: () => number } {
  let hash = 0x811c9dc5;
  return {
    update(text) {
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
    },
    digest: () => hash >>> 0,
  };
}

const expected = hasher();
let expectedLength = 0;
const response = lazyBody(size, 4, (word) => {
  expected.update(word);
  expectedLength += word.length;
});

const started = performance.now();
let text: string;
if (contender === 'plain') {
  const parts: string[] = [];
  for await (const delta of plainLoop(response)) parts.push(delta);
  text = parts.join('');
} else if (contender === 'ours') {
  text = await parseChatCompletionStream(response).text();
} else {
  throw new Error(`unknown contender ${contender}`);
}
const actual = hasher();
actual.update(text);
const ms = performance.now() - started;
if (text.length !== expectedLength || actual.digest() !== expected.digest()) {
  throw new Error(`${contender} read a different text`);
}
report({
  contender,
  size,
  textLength: text.length,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  ms,
});
