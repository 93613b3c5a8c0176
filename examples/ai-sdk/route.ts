// The route `useChat` posts to: a fetch-style handler, as in a Next.js route, Hono or a worker.
import { describeError, type SoatClient } from '@soat/sdk';
import { fromUIMessages, toUIMessageStreamResponse, type UIMessageLike } from '@soat/sdk/ai';

/** POST /api/chat `{ messages }` from `useChat`: the SOAT completion as a UI message stream. */
export function chatRoute(soat: SoatClient, aiProviderId: string) {
  return async (request: Request): Promise<Response> => {
    const { messages } = (await request.json()) as { messages: UIMessageLike[] };
    const { data: stream, error } = await soat.chats.createChatCompletion({
      body: {
        ai_provider_id: aiProviderId,
        // A browser can post any message: drop `system` ones, or a visitor rewrites your prompt.
        messages: fromUIMessages(messages).filter((message) => message.role !== 'system'),
        stream: true,
      },
      // The page left or called stop(): the completion stops too.
      signal: request.signal,
    });
    if (error) {
      console.error('SOAT refused the completion:', describeError(error)); // for you, not the page
      return new Response('The assistant is unavailable.', { status: 502 });
    }
    // A failure part-way ends the stream with an error chunk: useChat keeps the partial text.
    return toUIMessageStreamResponse(stream);
  };
}
