// The page: the AI SDK's own `useChat`, posting to /api/chat (route.ts). Nothing SOAT-specific.
import { useChat } from '@ai-sdk/react';
import { type FormEvent, useState } from 'react';
import { createRoot } from 'react-dom/client';

function Chat() {
  const { messages, sendMessage, status, error, stop } = useChat();
  const [input, setInput] = useState('Hello from useChat!');
  const busy = status === 'submitted' || status === 'streaming';
  const send = (event: FormEvent) => {
    event.preventDefault();
    sendMessage({ text: input });
  };
  return (
    <>
      <ol id="messages" aria-live="polite">
        {messages.map((message) => {
          const text = message.parts.filter((part) => part.type === 'text');
          // A text part still `streaming` once the chat stopped: the answer failed part-way.
          const cut = !busy && text.some((part) => part.state === 'streaming');
          return (
            <li key={message.id} className={`${message.role}${cut ? ' incomplete' : ''}`}>
              {text.map((part) => part.text).join('')}
            </li>
          );
        })}
      </ol>
      {error && <p id="error">Failed: {error.message}</p>}
      <form onSubmit={send}>
        <input
          id="prompt"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          aria-label="Message"
        />
        <button id="send" type="submit" disabled={busy}>
          Send
        </button>
        <button id="stop" type="button" onClick={() => stop()} disabled={!busy}>
          Stop
        </button>
      </form>
      <p id="status">{status}</p>
    </>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<Chat />);
