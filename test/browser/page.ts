// The page test/http/browser.test.ts opens in Chromium, bundled by esbuild for the browser
// from the SDK's source. The mock server's url comes in `?api=`. "Ask" creates a chat and
// streams the answer into #answer, one text delta at a time; the token checks fill the <dl>.
import { SoatClient, SoatError } from '@soat/sdk';
import { API_KEY, SESSION_TOKEN } from './tokens.js';

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found;
}

function show(id: string, text: string): void {
  element(id).textContent = text;
}

/** The three ways to construct a client in a page, shown in the <dl>. */
async function checkTokens(baseUrl: string): Promise<void> {
  try {
    new SoatClient({ baseUrl, token: API_KEY });
    show('sk-refused', 'accepted');
  } catch (error) {
    show('sk-refused', error instanceof SoatError ? `${error.name}: ${error.message}` : `${error}`);
  }
  const internal = new SoatClient({ baseUrl, token: API_KEY, dangerouslyAllowBrowser: true });
  const listed = await internal.chats.listChats();
  show(
    'sk-allowed',
    listed.error ? `error ${listed.response.status}` : `listChats ${listed.response.status}`,
  );
  const session = new SoatClient({ baseUrl, token: SESSION_TOKEN });
  const chats = await session.chats.listChats();
  show(
    'jwt',
    chats.error ? `error ${chats.response.status}` : `listChats ${chats.response.status}`,
  );
}

/** Creates a chat and streams the answer to `question` into #answer. */
async function ask(baseUrl: string, question: string): Promise<void> {
  const soat = new SoatClient({ baseUrl, token: SESSION_TOKEN });
  const created = await soat.chats.createChat({
    body: { ai_provider_id: 'aip_browser', name: 'Browser demo' },
  });
  if (created.error) throw new Error(`createChat: ${JSON.stringify(created.error)}`);
  show('chat', created.data.id);
  const streamed = await soat.chats.createChatCompletionForChat({
    path: { chat_id: created.data.id },
    body: { messages: [{ role: 'user', content: question }], stream: true },
  });
  if (streamed.error) throw new Error(`completion: ${JSON.stringify(streamed.error)}`);
  const answer = element('answer');
  answer.textContent = '';
  let deltas = 0;
  for await (const chunk of streamed.data) {
    const piece = chunk.choices[0]?.delta?.content;
    if (!piece) continue;
    answer.append(piece);
    deltas += 1;
    show('deltas', String(deltas));
  }
}

const baseUrl = new URLSearchParams(location.search).get('api') ?? '';
element('ask').addEventListener('submit', (event) => {
  event.preventDefault();
  document.body.dataset.status = 'running';
  const question = (element('question') as HTMLInputElement).value;
  checkTokens(baseUrl)
    .then(() => ask(baseUrl, question))
    .then(
      () => {
        document.body.dataset.status = 'done';
      },
      (error: unknown) => {
        show('error', error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        document.body.dataset.status = 'error';
      },
    );
});
document.body.dataset.status = 'ready';
