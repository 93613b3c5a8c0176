// Issue 21.1: `npm pack` on a fresh clone (no dist/ yet) must build first, so no tarball is ever
// empty; the tarball then installs in a scratch project and runs. The "fresh clone" is the
// repository's tracked files copied to a temporary folder, with the repository's node_modules
// linked in (the same packages `npm ci` would install).
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let scratch: string;
let packed: { filename: string; files: { path: string }[] };

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'soat-fresh-clone-'));
  const clone = join(scratch, 'clone');
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 16 << 20 });
  for (const file of stdout.split('\0').filter(Boolean)) {
    await mkdir(dirname(join(clone, file)), { recursive: true });
    await cp(join(ROOT, file), join(clone, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // tracked, but deleted in the work tree
    });
  }
  await symlink(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  const pack = await run('npm', ['pack', '--json', '--pack-destination', scratch], {
    cwd: clone,
    maxBuffer: 16 << 20,
  });
  // The build's own output comes first; npm's JSON report is the last thing printed.
  const report = pack.stdout.slice(pack.stdout.lastIndexOf('\n[\n') + 1);
  [packed] = JSON.parse(report) as [typeof packed];
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test('npm pack on a fresh clone builds first: the tarball holds every entry point', () => {
  const files = new Set(packed.files.map((file) => file.path));
  for (const file of [
    'dist/index.js',
    'dist/index.cjs',
    'dist/index.d.ts',
    'dist/node.js',
    'dist/mock/index.js',
    'dist/mock-server.js',
    'dist/cli.js',
  ]) {
    expect(files, file).toContain(file);
  }
});

test('the tarball from a fresh clone installs and runs: a completion against its own mock server, and the soat bin', async () => {
  const app = join(scratch, 'app');
  await mkdir(app);
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'fresh-clone-app', private: true, type: 'module' }),
  );
  await run(
    'npm',
    ['install', join(scratch, packed.filename), '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: app },
  );
  await writeFile(
    join(app, 'app.mjs'),
    `import { SoatClient } from '@soat/sdk';
import { startSoatMockServer } from '@soat/sdk/mock-server';
const server = await startSoatMockServer();
const soat = new SoatClient({ baseUrl: server.url, token: 'sk_fresh' });
const { data, error } = await soat.chats.createChatCompletion({
  body: { ai_provider_id: 'aip_x', messages: [{ role: 'user', content: 'Hello!' }], stream: true },
});
if (error) throw new Error(JSON.stringify(error));
console.log(await data.text());
await server.close();
`,
  );

  const answer = await run(process.execPath, ['app.mjs'], { cwd: app });
  const usage = await run(join(app, 'node_modules', '.bin', 'soat'), ['--help'], { cwd: app });

  expect(answer.stdout.trim()).toBe('You said: Hello!');
  expect(usage.stdout).toContain('create-chat-completion');
  const pkg = JSON.parse(await readFile(join(app, 'node_modules/@soat/sdk/package.json'), 'utf8'));
  expect(pkg.name).toBe('@soat/sdk');
});
