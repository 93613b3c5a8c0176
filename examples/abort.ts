// Stop a streamed completion half-way: with stream.abort(), or with an AbortSignal.
import type { CreateChatCompletionRequest } from '@soat/sdk';
import { connect } from './connect.js';

const { soat, aiProviderId, close } = await connect();
const body = {
  ai_provider_id: aiProviderId,
  messages: [{ role: 'user', content: 'Count with me: one two three four five six seven' }],
  stream: true,
} satisfies CreateChatCompletionRequest;
try {
  // 1. stream.abort() closes the connection; the loop then simply ends.
  const first = await soat.chats.createChatCompletion({ body });
  if (first.error) throw new Error(JSON.stringify(first.error));
  let text = '';
  for await (const chunk of first.data) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (text.endsWith('two')) first.data.abort();
  }
  console.log(`stream.abort(): the loop ended after ${JSON.stringify(text)}`);

  // 2. An AbortSignal (a Stop button, a deadline): the loop throws the signal's reason.
  const controller = new AbortController();
  const second = await soat.chats.createChatCompletion({ body, signal: controller.signal });
  if (second.error) throw new Error(JSON.stringify(second.error));
  text = '';
  try {
    for await (const chunk of second.data) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (text.endsWith('three')) controller.abort(new Error('Stopped by the user'));
    }
  } catch (reason) {
    console.log(`controller.abort(): the loop threw "${reason}" after ${JSON.stringify(text)}`);
  }
} finally {
  await close();
}
