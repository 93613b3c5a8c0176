// Type-checked under every module resolution, with the DOM lib and without it: @soat/sdk/node
// takes the app's own global Response (DOM's, or Node's without the DOM lib) with no cast.
import { createServer } from 'node:http';
import { SoatClient, toErrorResponse } from '@soat/sdk';
import { sendResponse } from '@soat/sdk/node';

const soat = new SoatClient({ baseUrl: 'http://127.0.0.1:5047', token: 'sk_typed' });

export const server = createServer(async (_request, res) => {
  const {
    data: stream,
    error,
    response,
  } = await soat.chats.createChatCompletion({
    body: {
      ai_provider_id: 'aip_typed',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    },
  });
  const sent: Promise<void> = sendResponse(
    error ? toErrorResponse({ error, response }) : stream.toResponse(),
    res,
  );
  await sent;
  await sendResponse(new Response('any web Response'), res);
  // @ts-expect-error the Node response comes second
  await sendResponse(res, new Response(''));
});
