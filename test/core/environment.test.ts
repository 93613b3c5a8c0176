import { afterEach, describe, expect, it, vi } from 'vitest';
import { readEnv, withEnvironmentDefaults } from '../../src/core/environment.js';
import { SoatClient, SoatError } from '../../src/index.js';
import { BASE_URL, TOKEN } from '../setup.js';

const g = globalThis as { window?: unknown; Deno?: unknown };
const versions = Object.getOwnPropertyDescriptor(process, 'versions') as PropertyDescriptor;

/** A page in a browser whose bundler defined `process.env`: `window.document`, no Node. */
function pretendBrowser(): void {
  g.window = { document: {} };
  Object.defineProperty(process, 'versions', {
    ...versions,
    value: { ...process.versions, node: undefined },
  });
}

/** Deno's globals: `process.env` reads nothing here, `Deno.env` answers by permission. */
function pretendDeno(state: 'granted' | 'prompt' | 'denied', env: Record<string, string>): void {
  g.Deno = {
    env: {
      get: (name: string) => {
        if (state !== 'granted') throw new Error(`Requires env access to "${name}"`);
        return env[name];
      },
    },
    permissions: { querySync: () => ({ state }) },
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
  Object.defineProperty(process, 'versions', versions);
  delete g.window;
  delete g.Deno;
});

/** Unsets a variable for one test (vi.stubEnv with undefined deletes it). */
function unset(name: string): void {
  vi.stubEnv(name, undefined);
}

describe('SoatClient reads SOAT_BASE_URL and SOAT_TOKEN', () => {
  it('connects with no options when both variables are set', async () => {
    vi.stubEnv('SOAT_BASE_URL', BASE_URL);
    vi.stubEnv('SOAT_TOKEN', TOKEN);
    const { error, response } = await new SoatClient().chats.listChats();
    expect(error).toBeUndefined();
    expect(response.url).toBe(`${BASE_URL}/api/v1/chats`);
  });

  it('sends the token from SOAT_TOKEN when only baseUrl is given', async () => {
    unset('SOAT_BASE_URL');
    vi.stubEnv('SOAT_TOKEN', TOKEN);
    const { response } = await new SoatClient({ baseUrl: BASE_URL }).chats.listChats();
    expect(response.status).toBe(200);
  });

  it('prefers the options to the variables', async () => {
    vi.stubEnv('SOAT_BASE_URL', 'http://elsewhere.test');
    vi.stubEnv('SOAT_TOKEN', 'sk_from_env');
    const soat = new SoatClient({ baseUrl: BASE_URL, token: TOKEN, maxRetries: 0 });
    const { error, response } = await soat.chats.listChats();
    expect(error).toBeUndefined();
    expect(response.url).toBe(`${BASE_URL}/api/v1/chats`);
  });

  it('names the option and the variable when neither gives baseUrl', () => {
    unset('SOAT_BASE_URL');
    vi.stubEnv('SOAT_TOKEN', TOKEN);
    expect(() => new SoatClient()).toThrow(SoatError);
    expect(() => new SoatClient()).toThrow(/`baseUrl` is required.*SOAT_BASE_URL/);
  });

  it('names the option and the variable when neither gives the token', () => {
    vi.stubEnv('SOAT_BASE_URL', BASE_URL);
    unset('SOAT_TOKEN');
    expect(() => new SoatClient()).toThrow(/`token` is required.*SOAT_TOKEN/);
  });

  it('treats an empty variable as unset', () => {
    vi.stubEnv('SOAT_BASE_URL', BASE_URL);
    vi.stubEnv('SOAT_TOKEN', '');
    expect(() => new SoatClient()).toThrow(/`token` is required.*SOAT_TOKEN/);
  });

  it('checks a baseUrl from the environment like one from the options', () => {
    vi.stubEnv('SOAT_BASE_URL', 'localhost:3000');
    vi.stubEnv('SOAT_TOKEN', TOKEN);
    expect(() => new SoatClient()).toThrow(/`baseUrl` must be an absolute URL/);
  });

  it('ignores process.env in a browser, even one a bundler defined', () => {
    vi.stubEnv('SOAT_BASE_URL', BASE_URL);
    vi.stubEnv('SOAT_TOKEN', TOKEN);
    pretendBrowser();
    expect(() => new SoatClient()).toThrow(
      /`baseUrl` and `token` are required.*not read in a browser/,
    );
  });

  it('still takes both options in a browser', () => {
    pretendBrowser();
    expect(() => new SoatClient({ baseUrl: BASE_URL, token: 'eyJ.session.token' })).not.toThrow();
  });
});

describe('readEnv', () => {
  it('reads a set variable', () => {
    vi.stubEnv('SOAT_TEST_VARIABLE', 'value');
    expect(readEnv('SOAT_TEST_VARIABLE')).toBe('value');
  });

  it('gives undefined for a variable that is not set', () => {
    unset('SOAT_TEST_VARIABLE');
    expect(readEnv('SOAT_TEST_VARIABLE')).toBeUndefined();
  });

  it('reads Deno.env when Deno has granted env access', () => {
    pretendDeno('granted', { SOAT_TEST_VARIABLE: 'from deno' });
    expect(readEnv('SOAT_TEST_VARIABLE')).toBe('from deno');
  });

  it.each(['prompt', 'denied'] as const)(
    'asks Deno nothing when env access is %s, so it neither throws nor prompts',
    (state) => {
      pretendDeno(state, { SOAT_TEST_VARIABLE: 'secret' });
      expect(readEnv('SOAT_TEST_VARIABLE')).toBeUndefined();
    },
  );

  it('gives undefined where process exists without env', () => {
    const env = Object.getOwnPropertyDescriptor(process, 'env') as PropertyDescriptor;
    Object.defineProperty(process, 'env', { ...env, value: undefined });
    try {
      expect(readEnv('PATH')).toBeUndefined();
    } finally {
      Object.defineProperty(process, 'env', env);
    }
  });

  it('gives undefined where reading process.env throws', () => {
    const env = Object.getOwnPropertyDescriptor(process, 'env') as PropertyDescriptor;
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('NotCapable: env');
        },
      },
    );
    Object.defineProperty(process, 'env', { ...env, value: throwing });
    try {
      expect(readEnv('PATH')).toBeUndefined();
    } finally {
      Object.defineProperty(process, 'env', env);
    }
  });
});

describe('what reading the environment pins down (issue 15)', () => {
  it('asks Deno for env permission on the very variable it reads', () => {
    const asked: unknown[] = [];
    g.Deno = {
      env: { get: () => 'from deno' },
      permissions: {
        querySync: (descriptor: unknown) => {
          asked.push(descriptor);
          return { state: 'granted' };
        },
      },
    };
    readEnv('SOAT_TEST_VARIABLE');
    expect(asked).toEqual([{ name: 'env', variable: 'SOAT_TEST_VARIABLE' }]);
  });

  it('never calls Deno.env.get when env access is only prompt', () => {
    const get = vi.fn(() => 'secret');
    g.Deno = { env: { get }, permissions: { querySync: () => ({ state: 'prompt' }) } };
    readEnv('SOAT_TEST_VARIABLE');
    expect(get).not.toHaveBeenCalled();
  });

  it('gives undefined for a variable set to the empty string', () => {
    vi.stubEnv('SOAT_TEST_VARIABLE', '');
    expect(readEnv('SOAT_TEST_VARIABLE')).toBeUndefined();
  });

  it('fills baseUrl and token from the environment when given no options at all', () => {
    vi.stubEnv('SOAT_BASE_URL', BASE_URL);
    vi.stubEnv('SOAT_TOKEN', TOKEN);
    expect(withEnvironmentDefaults(undefined)).toEqual({ baseUrl: BASE_URL, token: TOKEN });
  });

  it('throws naming baseUrl and SOAT_BASE_URL for an empty baseUrl and no variable', () => {
    unset('SOAT_BASE_URL');
    expect(() => withEnvironmentDefaults({ baseUrl: '', token: TOKEN })).toThrow(
      'SoatClient: `baseUrl` is required: pass it, or set SOAT_BASE_URL (not read in a browser).',
    );
  });

  it('throws naming both options and both variables when neither is given', () => {
    unset('SOAT_BASE_URL');
    unset('SOAT_TOKEN');
    expect(() => withEnvironmentDefaults(undefined)).toThrow(
      'SoatClient: `baseUrl` and `token` are required: pass them, or set SOAT_BASE_URL and SOAT_TOKEN (not read in a browser).',
    );
  });

  it('throws naming token and SOAT_TOKEN for an empty token and no variable', () => {
    unset('SOAT_TOKEN');
    expect(() => withEnvironmentDefaults({ baseUrl: BASE_URL, token: '' })).toThrow(
      'SoatClient: `token` is required: pass it, or set SOAT_TOKEN (not read in a browser).',
    );
  });
});
