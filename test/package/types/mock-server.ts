// Type-checked with consumer.ts under every module resolution (node10 through typesVersions):
// @soat/sdk/mock-server's types must be real declarations, not `any`, and need no DOM lib.
import { type SoatMockServer, startSoatMockServer } from '@soat/sdk/mock-server';

export async function start(): Promise<SoatMockServer> {
  const server = await startSoatMockServer({ token: 'sk_typed', port: 0 });
  server.reply({ pieces: ['Hel', 'lo'] });
  const url: string = server.url;
  // @ts-expect-error the port is a number
  await startSoatMockServer({ port: url });
  return server;
}
