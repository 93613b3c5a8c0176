#!/usr/bin/env node
/**
 * The `soat` command: a command-line client of the Chats API built on `SoatClient`.
 * Run `soat --help` for the commands.
 */
import { createProcessIo } from './cli/io.js';
import { main } from './cli/main.js';
import { escapeAnswerText } from './cli/terminal-text.js';

// From dist/cli.js (and from src/cli.ts) the package's own package.json is one folder up.
const packageJsonUrl = new URL('../package.json', import.meta.url);

// `soat list-chats | head` closes the pipe before the output ends: stop quietly, as other CLIs do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

try {
  process.exitCode = await main(process.argv.slice(2), { io: createProcessIo(), packageJsonUrl });
} catch (error) {
  // A bug's stack may quote what a server sent: keep its lines, but no other control character.
  const text = escapeAnswerText((error as Error)?.stack ?? String(error));
  process.stderr.write(`soat: unexpected error: ${text}\n`);
  process.exitCode = 1;
}
