import { SoatClient, type SoatClientOptions } from '@soat/sdk';
import { type SoatMockServer, startSoatMockServer } from '@soat/sdk/mock-server';

/** What every example starts from. */
export interface Connection {
  /** A client for `SOAT_BASE_URL`, or for the embedded mock server when it is not set. */
  soat: SoatClient;
  /** The AI provider for completions: `SOAT_AI_PROVIDER_ID`, or any id when mocked. */
  aiProviderId: string;
  /** The embedded mock server (to script its answers), or `undefined` for a real server. */
  mock: SoatMockServer | undefined;
  /** Stops the embedded mock server, if one was started. */
  close(): Promise<void>;
}

/**
 * Connects to the server named by `SOAT_BASE_URL` and `SOAT_TOKEN`. With neither set, it starts
 * the mock server in-process on 127.0.0.1, pacing streamed answers, so every example runs right
 * after `npm ci` and visibly streams.
 * @param options - extra client options, e.g. `{ maxRetries: 0 }`
 */
export async function connect(options: Partial<SoatClientOptions> = {}): Promise<Connection> {
  const { SOAT_BASE_URL: baseUrl, SOAT_TOKEN: token } = process.env;
  const aiProviderId = process.env.SOAT_AI_PROVIDER_ID ?? 'aip_example';
  if (baseUrl && token) {
    const soat = new SoatClient({ ...options, baseUrl, token });
    return { soat, aiProviderId, mock: undefined, close: async () => {} };
  }
  if (baseUrl || token) {
    throw new Error('Set both SOAT_BASE_URL and SOAT_TOKEN, or neither to use the mock server.');
  }
  // The mock would answer at once; `pauseMs` paces every streamed answer like a real model's
  // (60 ms a word), so that the examples visibly stream. A real server needs nothing of the kind.
  const mock = await startSoatMockServer({ token: 'example-token', pauseMs: 60 });
  console.error(`(SOAT_BASE_URL is not set: using the embedded mock server at ${mock.url})`);
  const soat = new SoatClient({ ...options, baseUrl: mock.url, token: 'example-token' });
  return { soat, aiProviderId, mock, close: () => mock.close() };
}
