import { SoatClient, type SoatClientOptions } from '../../src/index.js';
import { BASE_URL, TOKEN } from '../setup.js';

/** A client of the msw mock from test/setup.ts, without retries unless asked. */
export function createTestClient(options: Partial<SoatClientOptions> = {}): SoatClient {
  return new SoatClient({ baseUrl: BASE_URL, token: TOKEN, maxRetries: 0, ...options });
}

export const userSays = (content: string) => [{ role: 'user' as const, content }];
