// A page that mocks SOAT entirely in the browser: msw's service worker hands every request to
// `${location.origin}/soat` to @soat/sdk/mock, and the SDK streams the answer into the DOM.
// serve.ts bundles this file with esbuild and serves msw's mockServiceWorker.js beside it.
import { SoatClient } from '@soat/sdk';
import { createSoatMock } from '@soat/sdk/mock';
import { setupWorker } from 'msw/browser';

const baseUrl = `${location.origin}/soat`; // any URL works: the worker answers before the network
const mock = createSoatMock({ baseUrl, pauseMs: 80 }); // a visible pace between pieces
await setupWorker(...mock.handlers).start({
  serviceWorker: { url: '/mockServiceWorker.js' },
  onUnhandledRequest: 'bypass', // the page's own files come from serve.ts
  quiet: true,
});

const soat = new SoatClient({ baseUrl, token: 'demo-session-token' });

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const prompt = byId<HTMLInputElement>('prompt');
const outage = byId<HTMLInputElement>('outage');
const send = byId<HTMLButtonElement>('send');
const answer = byId<HTMLParagraphElement>('answer');
const status = byId<HTMLParagraphElement>('status');

byId<HTMLFormElement>('ask').addEventListener('submit', async (event) => {
  event.preventDefault();
  send.disabled = true;
  answer.textContent = '';
  status.textContent = 'Streaming…';
  document.body.dataset.status = 'running';
  // Three 503s outlast the client's two retries: the call comes back as { error }.
  if (outage.checked) mock.reply({ status: 503, body: { error: 'Service Unavailable' }, times: 3 });
  try {
    const { data: stream, error } = await soat.chats.createChatCompletion({
      body: {
        ai_provider_id: 'aip_demo',
        messages: [{ role: 'user', content: prompt.value }],
        stream: true,
      },
    });
    if (error) throw new Error(`the server answered ${JSON.stringify(error)}`);
    for await (const text of stream.textStream) answer.append(text);
    status.textContent = 'Done.';
  } catch (failure) {
    status.textContent = `Failed: ${failure instanceof Error ? failure.message : failure}`;
  } finally {
    send.disabled = false;
    document.body.dataset.status = 'ready';
  }
});
send.disabled = false; // ready: the worker answers from here on
document.body.dataset.status = 'ready';
