// The CommonJS twin of msw-mock.mjs: require('@soat/sdk/mock') loads the mock's CJS build.
const { SoatClient } = require('@soat/sdk');
const { createSoatMock } = require('@soat/sdk/mock');
const { setupServer } = require('msw/node');

async function main() {
  const mock = createSoatMock({ baseUrl: 'http://soat.test', token: 'sk_msw' });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const soat = new SoatClient({ baseUrl: 'http://soat.test', token: 'sk_msw' });
    const created = await soat.chats.createChat({ body: { ai_provider_id: 'aip_msw' } });
    if (created.error) throw new Error(`createChat failed: ${JSON.stringify(created.error)}`);
    if (mock.state.chats.length !== 1) throw new Error('the mock did not record the chat');
    console.log(`PASS cjs @soat/sdk/mock with msw: created ${created.data.id}`);
  } finally {
    server.close();
  }
}

main().catch((error) => {
  console.error(`FAIL cjs @soat/sdk/mock with msw: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
