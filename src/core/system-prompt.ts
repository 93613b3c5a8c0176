import { SoatError } from '../errors.js';
import type { Generation } from './server-generations.js';

/** A body that may carry a system prompt under either name. */
interface PromptFields {
  system_message?: unknown;
  instructions?: unknown;
}

/**
 * The system prompt given as `system_message` or `instructions` (two names for one thing).
 * @throws `SoatError` naming `who` when both are given with different values.
 */
export function promptOf(fields: PromptFields, who: string): string | undefined {
  const { system_message, instructions } = fields;
  const prompt = instructions ?? system_message;
  // Different only when both are given, with different values.
  if (prompt !== (system_message ?? instructions)) {
    throw new SoatError(
      `${who}: \`system_message\` and \`instructions\` (both the system prompt) differ`,
    );
  }
  return prompt as string | undefined;
}

/**
 * A completion's body with its system prompt where `generation` reads it. The prompt is the
 * top-level `system_message` / `instructions` followed by the `content` of every `system`
 * message, as one text (paragraphs in that order, repeats once): a leading `system` message on
 * SOAT 0.12 – 0.22 (which read only the first one and ignore a top-level field), `instructions`
 * from 0.23 (which refuses `system` messages).
 * @throws `SoatError` naming `who` when the prompt's two names differ, a `system` message has
 * no text `content`, or (from 0.23) one follows a `user` or `assistant` message: that server
 * has no place for it.
 */
export function placePrompt(body: object, generation: Generation, who: string): object {
  const prompts = [promptOf(body, who)];
  const { system_message, instructions, ...rest } = body as PromptFields & { messages?: unknown };
  const { messages } = rest;
  // Messages that are no array are left for the server to refuse.
  if (Array.isArray(messages)) {
    let began = false;
    rest.messages = messages.filter((message, index) => {
      if (message?.role !== 'system') {
        began = true;
        return true;
      }
      if (typeof message.content !== 'string') {
        throw new SoatError(`${who}: system message messages[${index}] needs text \`content\``);
      }
      if (generation.instructions && began) {
        throw new SoatError(
          `${who}: messages[${index}] is a system message after the conversation began; SOAT 0.${generation.since}+ takes a system prompt only as \`instructions\`, for the whole call`,
        );
      }
      prompts.push(message.content);
      return false;
    });
  }
  const prompt = [...new Set(prompts.filter((text) => text != null))].join('\n\n') || undefined;
  if (generation.instructions) return { ...rest, instructions: prompt };
  if (prompt && Array.isArray(messages)) {
    rest.messages = [{ role: 'system', content: prompt }, ...(rest.messages as unknown[])];
  }
  return rest;
}
