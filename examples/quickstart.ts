// Create a chat, then run a stateless and a per-chat completion.
import { connect } from './connect.js';

const { soat, aiProviderId, close } = await connect();
try {
  // A chat stores the provider, system message and model once.
  const chat = await soat.chats.createChat({
    body: { ai_provider_id: aiProviderId, name: 'Quickstart', system_message: 'Be brief.' },
  });
  if (chat.error) throw new Error(JSON.stringify(chat.error));
  console.log(`Created chat ${chat.data.id} (${chat.data.name})`);

  // Stateless: the provider travels with every request.
  const stateless = await soat.chats.createChatCompletion({
    body: { ai_provider_id: aiProviderId, messages: [{ role: 'user', content: 'Hello!' }] },
  });
  if (stateless.error) throw new Error(JSON.stringify(stateless.error));
  console.log(`Stateless answer: ${stateless.data.choices[0]?.message.content}`);

  // Per chat: only the messages; provider and system message come from the chat.
  const perChat = await soat.chats.createChatCompletionForChat({
    path: { chat_id: chat.data.id },
    body: { messages: [{ role: 'user', content: 'What is SOAT?' }] },
  });
  if (perChat.error) throw new Error(JSON.stringify(perChat.error));
  console.log(`Per-chat answer: ${perChat.data.choices[0]?.message.content}`);
} finally {
  await close();
}
