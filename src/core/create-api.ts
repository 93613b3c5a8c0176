import type { Client, ClientOptions } from 'openapi-fetch';
import * as openapiFetch from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';

type CreateClient = (options: ClientOptions) => Client<paths>;

/**
 * openapi-fetch's `createClient`, found under both module systems. Our CJS build imports
 * openapi-fetch's CJS file in Node mode, where the "default export" is the whole
 * `module.exports` object and the function sits one `.default` further in.
 */
const createClient: CreateClient = (() => {
  const entry = openapiFetch.default as unknown as CreateClient | { default: CreateClient };
  return typeof entry === 'function' ? entry : entry.default;
})();

/** Creates the openapi-fetch client every call of a `SoatClient` goes through. */
export function createApi(options: ClientOptions): Client<paths> {
  return createClient(options);
}
