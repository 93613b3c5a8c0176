import { type FlagSpecs, type FlagValues, stringFlag } from './flags.js';
import { UsageError } from './usage-error.js';

/**
 * `--system-message` and its alias `--instructions` (the name SOAT 0.23 and later use). The
 * client puts the prompt where the server it talks to reads it.
 */
export function systemPromptFlags(description: string): FlagSpecs {
  return {
    'system-message': { type: 'string', value: '<text>', description },
    instructions: { type: 'string', value: '<text>', description: 'Same as --system-message' },
  };
}

/**
 * The system prompt of `--system-message` or `--instructions`; both may be given if they say
 * the same thing.
 * @returns the prompt, or `undefined` when neither flag was given
 * @throws `UsageError` when the two flags give different prompts
 */
export function systemPromptFlag(values: FlagValues, command: string): string | undefined {
  const systemMessage = stringFlag(values, 'system-message');
  const instructions = stringFlag(values, 'instructions');
  if (systemMessage !== undefined && instructions !== undefined && systemMessage !== instructions) {
    throw new UsageError(
      '--system-message and --instructions give different prompts; they are the same setting, give one',
      command,
    );
  }
  return systemMessage ?? instructions;
}
