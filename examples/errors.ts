// An error status comes back as `error`; only a server that cannot be reached throws.
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { type ErrorResponse, SoatClient, SoatConnectionError } from '@soat/sdk';
import { connect } from './connect.js';

// Route checks answer `{ error: "text" }`; domain errors `{ error: { code, message } }`.
const describe = ({ error }: ErrorResponse) =>
  typeof error === 'string' ? `"${error}"` : `${error.code}: ${error.message}`;

const { soat, aiProviderId, close } = await connect();
try {
  const missing = await soat.chats.getChat({ path: { chat_id: 'cht_missing' } });
  if (missing.error) console.log(`getChat: ${missing.response.status} ${describe(missing.error)}`);

  const bad = await soat.chats.createChatCompletion({
    body: { ai_provider_id: aiProviderId, messages: [] },
  });
  if (bad.error) console.log(`createChatCompletion: ${bad.response.status} ${describe(bad.error)}`);
} finally {
  await close();
}

// A port nothing listens on: with no retries, the call throws at once.
const probe = createServer().listen(0, '127.0.0.1');
await once(probe, 'listening');
const { port } = probe.address() as AddressInfo;
await new Promise((closed) => probe.close(closed));
const offline = new SoatClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't', maxRetries: 0 });
try {
  await offline.chats.listChats();
} catch (error) {
  if (!(error instanceof SoatConnectionError)) throw error;
  console.log(`${error.name}: ${error.message}`);
}
