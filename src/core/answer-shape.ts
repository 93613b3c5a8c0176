import { SoatError } from '../errors.js';
import { quote } from '../streaming/describe.js';
import type { Scrub } from './safe-text.js';

/** What a 2xx JSON answer must be: a chat, a list of chats, or a whole completion. */
export type AnswerKind = 'chat' | 'chats' | 'completion';

/**
 * Checks that a parsed 2xx answer has the shape its operation promises, so `data` is never
 * typed as something it is not (a proxy's own JSON, say): a chat has a string `id`, a list is
 * an array or a page of one (`{ data: [...] }`, SOAT 0.15.13 and later), a completion has
 * at least one choice, and its choices'
 * messages hold text (an answer with no choices is no answer: issue 20 #14).
 * @throws `SoatError` naming the request and quoting the body's first 200 characters, with the
 * client's token (`scrub`) and credential-shaped text hidden.
 */
export function checkAnswer(
  kind: AnswerKind,
  value: unknown,
  text: string,
  label: string,
  scrub?: Scrub,
): void {
  const shaped = value as {
    id?: unknown;
    data?: unknown;
    choices?: { message?: { content?: unknown } }[];
  } | null;
  const choices = shaped?.choices;
  if (
    kind === 'chats'
      ? !Array.isArray(value) && !Array.isArray(shaped?.data)
      : kind === 'chat'
        ? typeof shaped?.id !== 'string'
        : !Array.isArray(choices) ||
          !choices.length ||
          choices.some((c) => typeof c?.message?.content !== 'string')
  ) {
    const what = kind === 'chats' ? 'a list of chats' : `a ${kind}`;
    throw new SoatError(`${label}: expected ${what}, got ${quote(text, scrub)}`);
  }
}
