import type { Client, ClientOptions } from 'openapi-fetch';
import * as openapiFetch from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';

type CreateClient = (options: ClientOptions) => Client<paths>;

/**
 * Creates the openapi-fetch client every call of a `SoatClient` goes through. Our CJS build
 * imports openapi-fetch's CJS file in Node mode, where the "default export" is the whole
 * `module.exports` object and `createClient` sits one `.default` further in. (Resolved here,
 * not at load time, so that bundles which never build a client can drop openapi-fetch.)
 */
export function createApi(options: ClientOptions): Client<paths> {
  const entry = openapiFetch.default as unknown as CreateClient | { default: CreateClient };
  return (typeof entry === 'function' ? entry : entry.default)(options);
}
