import { SoatError } from '../errors.js';

/**
 * Whether this code runs in a browser: a page (`window.document` exists) or a Web Worker of any
 * kind (`importScripts` exists), and not Node (jsdom, happy-dom), Bun (which reports a Node
 * version) or Deno.
 */
export function isBrowser(): boolean {
  const g = globalThis as {
    window?: { document?: unknown };
    importScripts?: unknown;
    Deno?: unknown;
    process?: { versions?: { node?: string } };
  };
  if (g.process?.versions?.node || g.Deno) return false;
  return typeof g.window?.document !== 'undefined' || typeof g.importScripts === 'function';
}

/**
 * Refuses a token the client must not use: one a header cannot carry (Node's fetch would quote
 * it whole in its error), or an `sk_` API key in a browser without `dangerouslyAllowBrowser`.
 * @throws `SoatError`, whose message never contains the token.
 */
export function assertUsableToken(token: unknown, dangerouslyAllowBrowser: boolean): void {
  // A number or an empty string fails here too: only visible ASCII can be sent.
  if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
    throw new SoatError(
      'SoatClient: `token` must be a string a header can carry (no trailing newline, say).',
    );
  }
  if (token.startsWith('sk_') && isBrowser() && !dangerouslyAllowBrowser) {
    throw new SoatError(
      'SoatClient: an sk_ API key in a browser is readable by anyone: use a session token (or dangerouslyAllowBrowser: true).',
    );
  }
}
