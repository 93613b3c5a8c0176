// The SDK snippets of ../shared/seed/chats-module.md, unchanged, must compile under strict
// TypeScript. Each sits in its own function so that `data`/`error` can be declared again.
import { SoatClient } from '@soat/sdk';
import { test } from 'vitest';

const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_...' });

test('the create-chat snippet compiles', () => {
  async function snippet() {
    const { data, error } = await soat.chats.createChat({
      body: {
        project_id: 'proj_ABC',
        ai_provider_id: 'aip_abc123',
        name: 'Support Assistant',
        system_message: 'You are a helpful support assistant.',
      },
    });
    if (error) throw new Error(JSON.stringify(error));
    return data;
  }
  void snippet;
});

test('the stateless completion snippet compiles', () => {
  async function snippet() {
    const { data, error } = await soat.chats.createChatCompletion({
      body: {
        ai_provider_id: 'aip_abc123',
        system_message: 'You are a helpful assistant.',
        messages: [{ role: 'user', content: 'Hello!' }],
      },
    });
    if (error) throw new Error(JSON.stringify(error));
    return data;
  }
  void snippet;
});

test('the streaming snippet of the streaming issue compiles', () => {
  async function snippet(ai_provider_id: string) {
    const { data: stream, error } = await soat.chats.createChatCompletion({
      body: { ai_provider_id, messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
    if (error) throw new Error(JSON.stringify(error));
    for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
  }
  void snippet;
});
