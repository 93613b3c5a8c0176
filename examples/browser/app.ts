// Streams a completion into the page as it arrives. serve.ts bundles it with esbuild.
import { SoatClient } from '@soat/sdk';

// Your server hands the page a short-lived session token: never an sk_ API key.
const config = (await (await fetch('/config.json')).json()) as {
  baseUrl: string;
  token: string;
  aiProviderId: string;
};
const soat = new SoatClient({ baseUrl: config.baseUrl, token: config.token });

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const prompt = byId<HTMLInputElement>('prompt');
const send = byId<HTMLButtonElement>('send');
const answer = byId<HTMLParagraphElement>('answer');
const status = byId<HTMLParagraphElement>('status');

byId<HTMLFormElement>('ask').addEventListener('submit', async (event) => {
  event.preventDefault();
  send.disabled = true;
  answer.textContent = '';
  status.textContent = 'Streaming…';
  try {
    const { data: stream, error } = await soat.chats.createChatCompletion({
      body: {
        ai_provider_id: config.aiProviderId,
        messages: [{ role: 'user', content: prompt.value }],
        stream: true,
      },
    });
    if (error) throw new Error(JSON.stringify(error));
    for await (const text of stream.textStream) answer.append(text);
    status.textContent = 'Done.';
  } catch (failure) {
    status.textContent = `Failed: ${failure}`;
  } finally {
    send.disabled = false;
  }
});
send.disabled = false; // ready: the page stays inert until the client exists
