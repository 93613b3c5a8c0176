// Type-checked by scripts/check-package.mjs in a scratch project against the packed tarball,
// copied as consumer.mts (node16, ESM), consumer.cts (node16, CommonJS), consumer.ts (bundler)
// and consumer.ts (node10). Each @ts-expect-error proves the types are real: if @soat/sdk
// resolved to `any`, the directive would be unused and tsc would fail.
import {
  type ChatCompletionChunk,
  SoatClient,
  type SoatClientOptions,
  SoatError,
  SoatStreamError,
} from '@soat/sdk';

const options: SoatClientOptions = { baseUrl: 'http://127.0.0.1:1', token: 'sk_typed' };

/** Creates a chat, streams an answer with `for await`, and returns the text. */
export async function ask(question: string): Promise<string> {
  const soat = new SoatClient(options);
  const { data: chat, error } = await soat.chats.createChat({
    body: { ai_provider_id: 'aip_typed', name: 'Typed' },
  });
  if (error) throw new SoatError(`createChat: ${JSON.stringify(error.error)}`);
  const chatId: string = chat.id;

  const streamed = await soat.chats.createChatCompletionForChat({
    path: { chat_id: chatId },
    body: { messages: [{ role: 'user', content: question }], stream: true },
  });
  if (streamed.error) throw new SoatError('completion failed');
  let text = '';
  for await (const chunk of streamed.data) {
    const piece: string | undefined = chunk.choices[0]?.delta?.content;
    text += piece ?? '';
  }
  return text;
}

/** A non-streamed completion's content and a stream's `text()`. */
export async function both(soat: SoatClient): Promise<[string, string]> {
  const plain = await soat.chats.createChatCompletion({
    body: { ai_provider_id: 'aip_typed', messages: [{ role: 'user', content: 'Hi' }] },
  });
  const content = plain.data?.choices[0]?.message.content ?? '';
  const streamed = await soat.chats.createChatCompletion({
    body: {
      ai_provider_id: 'aip_typed',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    },
  });
  if (streamed.error) return [content, ''];
  return [content, await streamed.data.text()];
}

export function describe(error: unknown): string {
  return error instanceof SoatStreamError ? `${error.message} after ${error.partialText}` : '';
}

export function firstPiece(chunk: ChatCompletionChunk): string | undefined {
  return chunk.choices[0]?.delta.content;
}

export async function misuse(soat: SoatClient): Promise<void> {
  // @ts-expect-error the token is a string
  new SoatClient({ baseUrl: 'http://127.0.0.1:1', token: 42 });
  // @ts-expect-error headers are a Headers, a record or pairs, never a number
  new SoatClient({ ...options, headers: 42 });
  await soat.chats.createChat({
    // @ts-expect-error ai_provider_id must be a string
    body: { ai_provider_id: 42 },
  });
  const streamed = await soat.chats.createChatCompletion({
    body: {
      ai_provider_id: 'aip_typed',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    },
  });
  // @ts-expect-error a stream result has no `choices`: read it with for await or text()
  streamed.data?.choices;
}

/** The SDK snippets of the seed documentation (chats-module.md), unchanged, against the tarball. */
export async function seedSnippets(): Promise<void> {
  const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_...' });
  {
    const { data, error } = await soat.chats.createChat({
      body: {
        project_id: 'proj_ABC',
        ai_provider_id: 'aip_abc123',
        name: 'Support Assistant',
        system_message: 'You are a helpful support assistant.',
      },
    });
    if (error) throw new Error(JSON.stringify(error));
    void data;
  }
  {
    const { data, error } = await soat.chats.createChatCompletion({
      body: {
        ai_provider_id: 'aip_abc123',
        system_message: 'You are a helpful assistant.',
        messages: [{ role: 'user', content: 'Hello!' }],
      },
    });
    if (error) throw new Error(JSON.stringify(error));
    void data;
  }
}
