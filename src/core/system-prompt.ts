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
  if (system_message != null && instructions != null && system_message !== instructions) {
    throw new SoatError(
      `${who}: \`system_message\` and \`instructions\` are two names for the system prompt; got two different values`,
    );
  }
  return (instructions ?? system_message) as string | undefined;
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
  const { system_message, instructions, ...rest } = body as PromptFields & {
    messages?: unknown;
  };
  const prompts = [promptOf({ system_message, instructions }, who)];
  const { messages } = rest;
  const others: unknown[] = [];
  if (Array.isArray(messages)) {
    messages.forEach((message, index) => {
      if (message?.role !== 'system') {
        others.push(message);
        return;
      }
      if (typeof message.content !== 'string') {
        throw new SoatError(`${who}: the system message messages[${index}] needs text \`content\``);
      }
      if (generation.instructions && others.length) {
        throw new SoatError(
          `${who}: messages[${index}] is a system message after the conversation began; SOAT ${generation.since} and later take a system prompt only as \`instructions\`, for the whole call, so it cannot be sent (move it to the start, or into \`instructions\`)`,
        );
      }
      prompts.push(message.content);
    });
  }
  const prompt = [...new Set(prompts.filter((text) => text != null))].join('\n\n') || undefined;
  // Messages that are no array are left for the server to refuse.
  const list = Array.isArray(messages) ? { messages: others } : {};
  if (generation.instructions) return { ...rest, ...list, instructions: prompt };
  if (prompt && Array.isArray(messages)) others.unshift({ role: 'system', content: prompt });
  return { ...rest, ...list };
}
