import type { Command } from './command.js';
import { commands } from './command-table.js';
import { connectionFlags, type FlagSpecs, helpFlag, topLevelFlags } from './flags.js';

/** The top-level usage: every command, the connection flags and the global flags. */
export function topUsage(): string {
  const width = Math.max(
    ...commands.map((command) => command.name.length),
    'help [command]'.length,
  );
  const rows = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: soat <command> [flags]',
    '',
    "Command-line client of SOAT's Chats API.",
    '',
    'Commands:',
    ...rows,
    `  ${'help [command]'.padEnd(width)}  Show this help, or a command's`,
    '',
    'Connection flags (every command but mock-server):',
    ...flagRows(connectionFlags),
    '',
    'Flags:',
    ...flagRows(topLevelFlags),
    '',
    "Run 'soat <command> --help' for a command's flags.",
    '',
  ].join('\n');
}

/** The usage of one command: its synopsis, description, flags and examples. */
export function commandUsage(command: Command): string {
  const synopsis = (name: string) => `--${name} ${command.flags[name]?.value ?? ''}`.trimEnd();
  const required = Object.entries(command.flags)
    .filter(([, spec]) => spec.required === true)
    .map(([name]) => synopsis(name));
  const alternatives = (command.alternatives ?? []).map(
    (group) => `(${group.map(synopsis).join(' | ')})`,
  );
  const lines = [
    `Usage: soat ${[command.name, ...required, ...alternatives, '[flags]'].join(' ')}`,
    '',
    command.description,
    '',
    'Flags:',
    ...flagRows({ ...command.flags, ...helpFlag }),
  ];
  if (command.kind === 'api') {
    lines.push('', 'Connection flags:', ...flagRows(connectionFlags));
  }
  if (command.examples.length > 0) {
    lines.push('', command.examples.length === 1 ? 'Example:' : 'Examples:');
    lines.push(...command.examples.map((example) => `  ${example}`));
  }
  lines.push('');
  return lines.join('\n');
}

function flagRows(specs: FlagSpecs): string[] {
  const entries = Object.entries(specs).map(([name, spec]) => {
    const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
    const label = `${short}--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`;
    const required = spec.required === true ? ' (required)' : '';
    return { label, text: `${spec.description}${required}` };
  });
  const width = Math.max(...entries.map((entry) => entry.label.length));
  return entries.map((entry) => `  ${entry.label.padEnd(width)}  ${entry.text}`);
}
