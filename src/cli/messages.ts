import type { ChatMessage, ChatMessageRole } from '../index.js';
import { type FlagValues, requiredFlag, stringFlag } from './flags.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

const ROLES: readonly ChatMessageRole[] = ['system', 'user', 'assistant'];

const EXAMPLE = `'[{"role":"user","content":"Hello!"}]'`;

/**
 * The messages of a completion command: `--message <text>` is one user message; `--messages`
 * is read by `readMessages`. The command's `alternatives` make sure exactly one was given.
 * @throws `UsageError` when `--messages` is not a non-empty JSON array of messages
 */
export async function messagesFlag(
  values: FlagValues,
  io: CliIo,
  command: string,
): Promise<ChatMessage[]> {
  const message = stringFlag(values, 'message');
  if (message !== undefined) return [{ role: 'user', content: message }];
  return readMessages(requiredFlag(values, 'messages', command), io, command);
}

/**
 * Reads the `--messages` value: the JSON itself, or `-` to read it from standard input.
 * @param value - the flag's value
 * @param command - the command, for the usage printed with an error
 * @throws `UsageError` when it is not a non-empty JSON array of messages
 */
export async function readMessages(
  value: string,
  io: CliIo,
  command: string,
): Promise<ChatMessage[]> {
  const text = value === '-' ? await io.readStdin() : value;
  const source = value === '-' ? '--messages (read from stdin)' : '--messages';
  return parseMessages(text, source, command);
}

/**
 * Parses and checks a messages array: each item an object with a valid `role` and either a
 * string `content` or a string `document_id`, not both.
 * @param source - how to name the input in an error, e.g. `--messages`
 * @throws `UsageError` saying what is wrong
 */
function parseMessages(text: string, source: string, command: string): ChatMessage[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new UsageError(
      `${source} is not valid JSON (${(cause as Error).message}); expected an array such as ${EXAMPLE}`,
      command,
    );
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new UsageError(
      `${source} must be a non-empty JSON array of messages, such as ${EXAMPLE}`,
      command,
    );
  }
  parsed.forEach((item, index) => {
    const problem = messageProblem(item);
    if (problem) throw new UsageError(`${source}: message ${index} ${problem}`, command);
  });
  return parsed as ChatMessage[];
}

function messageProblem(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return 'is not an object';
  }
  const { role, content, document_id } = item as Record<string, unknown>;
  if (!ROLES.includes(role as ChatMessageRole)) {
    const shown = JSON.stringify(role) ?? 'undefined';
    const cut = shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
    return `has role ${cut}; expected one of ${ROLES.join(', ')}`;
  }
  const hasContent = content !== undefined;
  const hasDocument = document_id !== undefined;
  if (hasContent && hasDocument) return 'has both "content" and "document_id"; give one';
  if (hasContent && typeof content !== 'string') return 'has a "content" that is not a string';
  if (hasDocument && typeof document_id !== 'string') {
    return 'has a "document_id" that is not a string';
  }
  if (!hasContent && !hasDocument) return 'needs a string "content" or "document_id"';
  return undefined;
}
