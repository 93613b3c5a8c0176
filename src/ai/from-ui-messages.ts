import { type ChatContentMessage, type ChatMessageRole, SoatError } from '@soat/sdk';

/** What `fromUIMessages` reads of the AI SDK's `UIMessage`: its role and its parts. */
export interface UIMessageLike {
  role: string;
  parts: readonly { type: string; text?: unknown }[];
}

const ROLES: readonly string[] = ['system', 'user', 'assistant'] satisfies ChatMessageRole[];

/**
 * The `UIMessage[]` that `useChat` posts, as SOAT chat messages: each message's text parts
 * joined, in order; `system`, `user` and `assistant` kept; other parts (files, tools,
 * reasoning, sources, data) skipped; messages left without text dropped.
 *
 * A browser can post any message, `system` ones included: a route that forwards them lets
 * every visitor replace its instructions. Drop them unless the page is trusted:
 * `fromUIMessages(messages).filter((message) => message.role !== 'system')`.
 *
 * @throws `SoatError` when `messages` is not an array of messages with a known role and an
 * array of parts, or a text part's `text` is not a string.
 */
export function fromUIMessages(messages: readonly UIMessageLike[]): ChatContentMessage[] {
  if (!Array.isArray(messages)) {
    throw new SoatError('fromUIMessages: expected the array of UI messages useChat sends');
  }
  const result: ChatContentMessage[] = [];
  messages.forEach((message: UIMessageLike, index) => {
    const where = `fromUIMessages: messages[${index}]`;
    const role = (message as { role?: unknown } | null)?.role;
    if (typeof role !== 'string' || !ROLES.includes(role)) {
      throw new SoatError(`${where} has no role SOAT knows (system, user or assistant)`);
    }
    if (!Array.isArray(message.parts)) throw new SoatError(`${where} has no parts array`);
    let content = '';
    for (const part of message.parts) {
      if (part?.type !== 'text') continue;
      if (typeof part.text !== 'string') throw new SoatError(`${where}: a text part without text`);
      content += part.text;
    }
    if (content) result.push({ role: role as ChatMessageRole, content });
  });
  return result;
}
