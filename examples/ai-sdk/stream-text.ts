// SOAT as a model for the AI SDK's streamText: `npx tsx examples/ai-sdk/stream-text.ts`.
import { createSoat } from '@soat/sdk/ai';
import { streamText } from 'ai';
import { connect } from '../connect.js';

const { soat: client, aiProviderId, close } = await connect();
const soat = createSoat({ client }); // or createSoat({ baseUrl, token })
try {
  const result = streamText({
    model: soat(aiProviderId),
    system: 'You are a concise assistant.',
    prompt: 'Stream this answer to me word by word, please.',
    // A failure part-way arrives here (a SoatStreamError with the text so far in partialText).
    onError: ({ error }) => console.error('\nThe answer failed:', error),
  });
  for await (const text of result.textStream) process.stdout.write(text);
  process.stdout.write(`\n(${await result.finishReason})\n`);
} finally {
  await close();
}
