import { SoatError } from '../errors.js';
import { isBrowser } from './runtime.js';

interface EnvironmentGlobals {
  process?: { env?: Record<string, string | undefined> };
  Deno?: {
    env?: { get(name: string): string | undefined };
    permissions?: { querySync?(descriptor: { name: 'env'; variable: string }): { state: string } };
  };
}

/**
 * Reads an environment variable where a server runtime has one (Node, Bun, Deno with
 * `--allow-env`); an empty value counts as unset. Never reads in a browser, even where a bundler
 * defines `process.env`, and never throws: Deno is asked first whether env access is granted
 * (reading without it would throw, or prompt the user at a terminal), and a `process` defined
 * only in part yields `undefined`.
 */
export function readEnv(name: string): string | undefined {
  if (isBrowser()) return undefined;
  const g = globalThis as EnvironmentGlobals;
  try {
    const deno = g.Deno;
    // Stryker disable OptionalChaining: a missing member throws a TypeError, which the catch turns into undefined too
    const value = deno
      ? deno.permissions?.querySync?.({ name: 'env', variable: name }).state === 'granted'
        ? deno.env?.get(name)
        : undefined
      : g.process?.env?.[name];
    // Stryker restore OptionalChaining
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fills `baseUrl`, `token` and `serverVersion` from `SOAT_BASE_URL`, `SOAT_TOKEN` and
 * `SOAT_SERVER_VERSION` where the options leave them out (options win; the environment is read
 * only for what is missing).
 * @throws `SoatError` naming the option and the variable when neither gives a value (the server
 * version is optional).
 */
export function withEnvironmentDefaults<
  T extends { baseUrl?: unknown; token?: unknown; serverVersion?: unknown },
>(options: T | undefined): T & { baseUrl: unknown; token: unknown } {
  const baseUrl = options?.baseUrl ?? readEnv('SOAT_BASE_URL');
  if (baseUrl === undefined || baseUrl === '') throw missing('baseUrl', 'SOAT_BASE_URL');
  const token = options?.token ?? readEnv('SOAT_TOKEN');
  if (token === undefined || token === '') throw missing('token', 'SOAT_TOKEN');
  const serverVersion = options?.serverVersion ?? readEnv('SOAT_SERVER_VERSION');
  return { ...(options as T), baseUrl, token, serverVersion };
}

function missing(option: string, variable: string): SoatError {
  return new SoatError(
    `SoatClient: \`${option}\` is required: pass it, or set ${variable} (not read in a browser).`,
  );
}
