import { afterEach, describe, expect, it } from 'vitest';
import { SoatClient } from '../../src/client.js';
import { assertUsableToken, isBrowser } from '../../src/core/runtime.js';
import { SoatError } from '../../src/errors.js';

const API_KEY = 'sk_test_runtime';
// A session token's shape: three base64url parts.
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJl';

const g = globalThis as { window?: unknown; importScripts?: unknown; Deno?: unknown };
const versions = Object.getOwnPropertyDescriptor(process, 'versions') as PropertyDescriptor;

/** A page in a browser: `window.document` exists and `process.versions.node` does not. */
function pretendBrowser(): void {
  g.window = { document: {} };
  Object.defineProperty(process, 'versions', {
    ...versions,
    value: { ...process.versions, node: undefined },
  });
}

/** Node out of sight, as in every browser scope and in Deno. */
function hideNode(): void {
  Object.defineProperty(process, 'versions', {
    ...versions,
    value: { ...process.versions, node: undefined },
  });
}

/** A Web Worker: `importScripts` exists, `window` does not, and neither does Node. */
function pretendWorker(): void {
  g.importScripts = () => {};
  hideNode();
}

/** jsdom or happy-dom in Node: `window.document` exists, and so does Node. */
function pretendJsdom(): void {
  g.window = { document: {} };
}

afterEach(() => {
  Object.defineProperty(process, 'versions', versions);
  delete g.window;
  delete g.importScripts;
  delete g.Deno;
});

const construct = (token: string, dangerouslyAllowBrowser?: boolean) => () =>
  new SoatClient({ baseUrl: 'https://api.example.com', token, dangerouslyAllowBrowser });

describe('isBrowser', () => {
  it('is false in Node', () => {
    expect(isBrowser()).toBe(false);
  });

  it('is true with window.document and no Node', () => {
    pretendBrowser();
    expect(isBrowser()).toBe(true);
  });

  it('is false for jsdom in Node', () => {
    pretendJsdom();
    expect(isBrowser()).toBe(false);
  });

  it('is true in a Web Worker, which has importScripts and no window', () => {
    pretendWorker();
    expect(isBrowser()).toBe(true);
  });

  it('is false in a Node worker thread or Bun, which report a Node version', () => {
    g.importScripts = () => {};
    expect(isBrowser()).toBe(false);
  });

  it('is false in Deno, even with a window object', () => {
    g.Deno = {};
    g.window = { document: undefined };
    hideNode();
    expect(isBrowser()).toBe(false);
  });

  it('is false with neither window.document nor importScripts', () => {
    hideNode();
    expect(isBrowser()).toBe(false);
  });
});

describe('an sk_ API key', () => {
  it('is refused in a browser with a SoatError naming dangerouslyAllowBrowser', () => {
    pretendBrowser();
    expect(construct(API_KEY)).toThrow(SoatError);
    expect(construct(API_KEY)).toThrow(/dangerouslyAllowBrowser/);
  });

  it('is accepted in a browser with dangerouslyAllowBrowser: true', () => {
    pretendBrowser();
    expect(construct(API_KEY, true)).not.toThrow();
  });

  it('is refused in a Web Worker without dangerouslyAllowBrowser', () => {
    pretendWorker();
    expect(construct(API_KEY)).toThrow(/an sk_ API key in a browser is readable by anyone/);
    expect(construct(API_KEY, true)).not.toThrow();
  });

  it('is accepted under jsdom in Node', () => {
    pretendJsdom();
    expect(construct(API_KEY)).not.toThrow();
  });

  it('is accepted in Node', () => {
    expect(construct(API_KEY)).not.toThrow();
  });
});

describe('a session token', () => {
  it('is accepted in a browser', () => {
    pretendBrowser();
    expect(construct(JWT)).not.toThrow();
  });
});

describe('assertUsableToken', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 42],
  ])('refuses a token that is %s', (_, token) => {
    expect(() => assertUsableToken(token, false)).toThrow(/`token` must be a string/);
  });

  it.each([
    ['a trailing newline', `${API_KEY}\n`],
    ['a CR LF inside', `${API_KEY}\r\nX-Injected: 1`],
    ['a tab', `${API_KEY}\t`],
    ['a non-ASCII character', `${API_KEY}é`],
    ['a DEL', `${API_KEY}\u007f`],
  ])('refuses a token with %s, without echoing it', (_, token) => {
    let thrown: unknown;
    try {
      assertUsableToken(token, false);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SoatError);
    expect((thrown as Error).message).toMatch(/a string a header can carry/);
    expect((thrown as Error).message).not.toContain(API_KEY);
  });

  it('accepts every printable ASCII character a bearer token may hold', () => {
    expect(() => assertUsableToken('sk_AZaz09-._~+/=', false)).not.toThrow();
  });
});
