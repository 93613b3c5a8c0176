// The page: posts the conversation so far to the server, streams the answer into the page, and
// keeps the history itself (a SOAT chat stores none). server.ts bundles it with esbuild.
import { type ChatMessage, parseChatCompletionStream, SoatStreamError } from '@soat/sdk';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const prompt = byId<HTMLInputElement>('prompt');
const send = byId<HTMLButtonElement>('send');
const status = byId<HTMLParagraphElement>('status');
/** Complete turns only: a failed answer is shown, not kept, so the question can be asked again. */
const history: ChatMessage[] = [];

function show(role: ChatMessage['role'], text: string): HTMLLIElement {
  const item = byId('turns').appendChild(document.createElement('li'));
  item.className = role;
  item.textContent = text;
  return item;
}

byId<HTMLFormElement>('ask').addEventListener('submit', async (event) => {
  event.preventDefault();
  send.disabled = true;
  const question: ChatMessage = { role: 'user', content: prompt.value };
  show('user', question.content);
  const answer = show('assistant', '');
  status.textContent = 'Streaming…';
  try {
    const response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [...history, question] }),
    });
    // An error answer (a 4xx/5xx JSON body) throws the error it describes.
    const stream = parseChatCompletionStream(response);
    for await (const text of stream.textStream) answer.append(text);
    history.push(question, { role: 'assistant', content: answer.textContent ?? '' });
    status.textContent = 'Done.';
  } catch (failure) {
    answer.classList.add('failed');
    const partial = failure instanceof SoatStreamError ? failure.partialText : '';
    answer.textContent = partial; // exactly what arrived before the failure
    status.textContent = `Failed after ${partial.length} characters: ${failure}`;
  } finally {
    send.disabled = false;
  }
});
send.disabled = false; // ready: the page stays inert until the script runs
