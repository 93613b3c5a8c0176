import type { LanguageModelV2CallOptions, LanguageModelV2Prompt } from '@ai-sdk/provider';
import { type ChatContentMessage, SoatError } from '@soat/sdk';

/**
 * An AI SDK prompt as SOAT chat messages: `system` as a leading (or in-place) `system` message,
 * `user` and `assistant` with their text parts joined.
 * @throws `SoatError` for what SOAT chats cannot take, rather than dropping it: files and
 * images, reasoning, tool calls and results.
 */
export function toSoatMessages(prompt: LanguageModelV2Prompt): ChatContentMessage[] {
  return prompt.map((message, index) => {
    if (message.role === 'system') return { role: 'system', content: message.content };
    const where = `@soat/sdk/ai: the prompt's message ${index} (${message.role})`;
    if (message.role === 'tool') {
      throw new SoatError(`${where} is a tool result; SOAT chats take text messages only`);
    }
    let content = '';
    for (const part of message.content) {
      if (part.type !== 'text') {
        const what = part.type === 'file' ? `a file (${part.mediaType})` : `a ${part.type} part`;
        throw new SoatError(`${where} holds ${what}; SOAT chats take text only`);
      }
      content += part.text;
    }
    return { role: message.role, content };
  });
}

/** The call settings SOAT's Chats API has no field for: the model ignores them, with a warning. */
const IGNORED = [
  'maxOutputTokens',
  'temperature',
  'stopSequences',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
] as const;

/**
 * The warnings for call settings SOAT cannot apply (as `other` warnings, which every AI SDK
 * major reads alike).
 * @throws `SoatError` when the call offers tools: SOAT chats cannot call them.
 */
export function callWarnings(
  options: LanguageModelV2CallOptions,
): { type: 'other'; message: string }[] {
  if (options.tools?.length) {
    throw new SoatError('@soat/sdk/ai: SOAT chats cannot call tools; remove `tools` from the call');
  }
  const ignored: string[] = IGNORED.filter((setting) => options[setting] !== undefined);
  if (options.responseFormat?.type === 'json') ignored.push('responseFormat');
  return ignored.map((setting) => ({
    type: 'other',
    message: `SOAT's Chats API has no ${setting} setting; it was ignored`,
  }));
}
