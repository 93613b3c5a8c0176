// The runtimes the packed package must work in. Node 20 is the one running this script; the
// others come from the npm registry through npx (cached in ~/.npm/_npx after the first run):
// the `node` package installs Node's own binary for the major asked, `bun` and `deno` ship
// theirs as platform packages. Deno resolves @soat/sdk from the scratch project's node_modules
// (--node-modules-dir=manual), like Node and Bun, not through npm: specifiers.

const npx = (spec, ...rest) => ({
  command: 'npx',
  args: ['--yes', '--prefer-offline', spec, ...rest],
});

/** @type {{ id: string, name: string, expect: string, command: string, args: string[] }[]} */
export const RUNTIMES = [
  {
    id: 'node',
    name: `Node ${process.versions.node} (this process)`,
    expect: `node ${process.version}`,
    command: process.execPath,
    args: [],
  },
  { id: 'node22', name: 'Node 22', expect: 'node v22.', ...npx('node@22') },
  { id: 'node24', name: 'Node 24', expect: 'node v24.', ...npx('node@24') },
  { id: 'node26', name: 'Node 26', expect: 'node v26.', ...npx('node@26') },
  { id: 'bun', name: 'Bun 1', expect: 'bun 1.', ...npx('bun@1') },
  {
    id: 'deno',
    name: 'Deno 2',
    expect: 'deno 2.',
    ...npx(
      'deno@2',
      'run',
      '--allow-env',
      '--allow-net=127.0.0.1',
      '--allow-read',
      '--node-modules-dir=manual',
    ),
  },
];

/**
 * The runtimes named by `--runtimes=node,bun` (all when absent).
 * @param {string[]} argv
 */
export function selectRuntimes(argv) {
  const flag = argv.find((arg) => arg.startsWith('--runtimes='));
  if (!flag) return RUNTIMES;
  const wanted = new Set(flag.slice('--runtimes='.length).split(','));
  const unknown = [...wanted].filter((id) => !RUNTIMES.some((runtime) => runtime.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `unknown runtime(s) ${unknown.join(', ')}; known: ${RUNTIMES.map((r) => r.id).join(', ')}`,
    );
  }
  return RUNTIMES.filter((runtime) => wanted.has(runtime.id));
}
