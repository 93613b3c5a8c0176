import type { Command } from './command.js';
import { createChat, deleteChat, getChat, listChats } from './commands/chats.js';
import { createChatCompletion, createChatCompletionForChat } from './commands/completions.js';
import { mockServer } from './commands/mock-server.js';
import { connectionFlags, type FlagSpecs, helpFlag } from './flags.js';

/** Every `soat` command, in the order the usage lists them. */
export const commands: readonly Command[] = [
  createChat,
  listChats,
  getChat,
  deleteChat,
  createChatCompletion,
  createChatCompletionForChat,
  mockServer,
];

/** The command named `name`, or `undefined`. */
export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name);
}

/** Every flag `command` accepts: its own, the connection flags of an API command, `--help`. */
export function flagsOf(command: Command): FlagSpecs {
  return command.kind === 'api'
    ? { ...command.flags, ...connectionFlags, ...helpFlag }
    : { ...command.flags, ...helpFlag };
}
