// Print a completion token by token as it arrives.
import { connect } from './connect.js';

const { soat, aiProviderId, close } = await connect();
try {
  const { data: stream, error } = await soat.chats.createChatCompletion({
    body: {
      ai_provider_id: aiProviderId,
      messages: [{ role: 'user', content: 'Stream this answer to me word by word, please.' }],
      stream: true,
    },
  });
  if (error) throw new Error(JSON.stringify(error));

  // Each chunk is one Server-Sent Event; a broken stream throws SoatStreamError.
  for await (const chunk of stream) {
    process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
  }
  process.stdout.write('\n');
} finally {
  await close();
}
