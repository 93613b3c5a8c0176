// A conversation: a chat stores no history, so a Conversation sends the earlier turns each time.
import { Conversation } from '@soat/sdk';
import { connect } from './connect.js';

const { soat, aiProviderId, close } = await connect();
try {
  const conversation = new Conversation(soat.chats, {
    ai_provider_id: aiProviderId,
    system_message: 'You are a helpful assistant.',
  });

  const first = await conversation.send('My name is Ada.');
  if (first.error) throw new Error(JSON.stringify(first.error));
  console.log(`Turn 1: ${first.data.choices[0]?.message.content}`);

  // Streamed: turn 1 is sent first. The turn is kept once the answer is complete ([DONE]).
  const earlier = conversation.messages.length;
  const { data: stream, error } = await conversation.send('What is my name?', { stream: true });
  if (error) throw new Error(JSON.stringify(error));
  process.stdout.write(`Turn 2, sent after the ${earlier} messages of turn 1: `);
  for await (const text of stream.textStream) process.stdout.write(text);
  process.stdout.write('\n');

  // The history, ready to store and to restore with new Conversation(soat.chats, { ..., messages }).
  const roles = conversation.messages.map((message) => message.role).join(', ');
  console.log(`History: ${conversation.messages.length} messages (${roles})`);
} finally {
  await close();
}
