// @soat/sdk/mock from the packed tarball, with msw installed beside it: its handlers answer a
// client through msw/node's interception (no port), as the README shows.
import { SoatClient } from '@soat/sdk';
import { createSoatMock } from '@soat/sdk/mock';
import { setupServer } from 'msw/node';

const mock = createSoatMock({ baseUrl: 'http://soat.test', token: 'sk_msw' });
const server = setupServer(...mock.handlers);
server.listen({ onUnhandledRequest: 'error' });
try {
  const soat = new SoatClient({ baseUrl: 'http://soat.test', token: 'sk_msw' });
  mock.reply({ pieces: ['Hel', 'lo'] });
  const { data, error } = await soat.chats.createChatCompletion({
    body: { ai_provider_id: 'aip_msw', messages: [{ role: 'user', content: 'Hi' }], stream: true },
  });
  if (error) throw new Error(`completion failed: ${JSON.stringify(error)}`);
  const text = await data.text();
  if (text !== 'Hello') throw new Error(`expected "Hello", got ${JSON.stringify(text)}`);
  console.log(`PASS esm @soat/sdk/mock with msw: streamed ${JSON.stringify(text)}`);
} finally {
  server.close();
}
