// Issue 21.4: every TypeScript block in README.md compiles under strict TypeScript with the DOM
// lib and under node16 without it, against the built package (dist/, as an app gets it), and
// runs in one environment. A block's info string says which:
//   ```ts           a whole program: compiled twice, run in Node against the mock server
//   ```ts fragment  the same, after `const soat = new SoatClient()` (and a `mock`, if it uses one)
//   ```ts vitest    a test file: compiled twice, run by vitest
//   ```ts browser   a page's code: compiled with the DOM lib only, not run
// Needs `npm run build` first (as the other tests that use dist/).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SoatMockServer, startSoatMockServer } from '../../src/mock-server.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const TOKEN = 'sk_readme_blocks';

type Kind = 'run' | 'fragment' | 'vitest' | 'browser';
interface Block {
  /** The README line of the opening fence. */
  line: number;
  kind: Kind;
  code: string;
  /** The file name in the scratch project. */
  file: string;
  /** Lines added before the block's own (a fragment's prelude). */
  offset: number;
}

const KINDS: Record<string, Kind> = {
  '': 'run',
  fragment: 'run',
  vitest: 'vitest',
  browser: 'browser',
};

/** Every ```ts block, also inside lists (indented) and quotes (`> `), with its info string. */
function extractBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const fence = /^([ \t]*(?:> ?)?)```ts([^\n]*)\n([\s\S]*?)\n\1```[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const [, prefix = '', info = '', body = ''] = match;
    const tag = info.trim();
    const kind = KINDS[tag];
    if (kind === undefined) throw new Error(`README: unknown block tag \`ts ${tag}\``);
    const line = markdown.slice(0, match.index).split('\n').length;
    let code = body
      .split('\n')
      .map((text) => (text.startsWith(prefix) ? text.slice(prefix.length) : text.trimStart()))
      .join('\n');
    let offset = 0;
    if (tag === 'fragment') {
      const prelude = [
        "import { SoatClient as ReadmeClient } from '@soat/sdk';",
        'const soat = new ReadmeClient();',
        ...(/\bmock\./.test(code)
          ? [
              "import { createSoatMock as readmeMock } from '@soat/sdk/mock';",
              'const mock = readmeMock();',
            ]
          : []),
      ];
      offset = prelude.length;
      code = `${prelude.join('\n')}\n${code}`;
    }
    const name = `block-${String(blocks.length + 1).padStart(2, '0')}-line-${line}`;
    blocks.push({
      line,
      kind,
      code,
      offset,
      file: kind === 'vitest' ? `${name}.test.ts` : `${name}.ts`,
    });
  }
  return blocks;
}

const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  target: 'es2022',
  types: ['node'],
  noEmit: true,
  skipLibCheck: true,
};

const markdown = await readFile(join(ROOT, 'README.md'), 'utf8');
const blocks = extractBlocks(markdown);
let scratch: string;
let server: SoatMockServer;

/** A scratch ESM project whose node_modules has the repository's packages and @soat/sdk (this one). */
async function makeProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'soat-readme-'));
  const modules = join(dir, 'node_modules');
  await mkdir(join(modules, '@soat'), { recursive: true });
  for (const name of await readdir(join(ROOT, 'node_modules'))) {
    if (name === '@soat' || name.startsWith('.')) continue;
    await symlink(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
  }
  await symlink(ROOT, join(modules, '@soat', 'sdk'), 'dir');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  for (const block of blocks) await writeFile(join(dir, block.file), `${block.code}\n`);
  return dir;
}

/** Runs tsc on a tsconfig; resolves to its errors, each pointing at the README line. */
async function compile(name: string, options: object, files: Block[]): Promise<string[]> {
  await writeFile(
    join(scratch, `tsconfig.${name}.json`),
    JSON.stringify({ compilerOptions: { ...STRICT, ...options }, files: files.map((b) => b.file) }),
  );
  const result = await run(
    process.execPath,
    [TSC, '-p', `tsconfig.${name}.json`, '--pretty', 'false'],
    {
      cwd: scratch,
      maxBuffer: 16 << 20,
    },
  ).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? String(failure) }));
  return result.stdout
    .split('\n')
    .filter((text) => text.includes('error TS'))
    .map((text) => {
      const at = /^(block-[^(]+)\((\d+),\d+\)/.exec(text);
      const block = blocks.find((candidate) => candidate.file === at?.[1]);
      if (!at || !block) return text;
      return `README.md:${block.line + Number(at[2]) - block.offset} (${name}): ${text}`;
    });
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'index.d.ts'))) {
    throw new Error('README blocks are checked against dist/: run `npm run build` first.');
  }
  scratch = await makeProject();
  server = await startSoatMockServer({ token: TOKEN });
});

afterAll(async () => {
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('README.md TypeScript blocks', () => {
  it('finds every TypeScript block, each tagged with a kind it knows', () => {
    const fences = markdown.match(/^[ \t]*(?:> ?)?```(?:ts|typescript|tsx|mts|cts)\b/gm) ?? [];
    expect(blocks.length).toBe(fences.length);
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks[0]?.kind).toBe('run'); // the quick start runs as written
  });

  it('compiles every block under strict TypeScript: with the DOM lib, and under node16 without it', async () => {
    const [dom, node16] = await Promise.all([
      compile(
        'dom',
        { lib: ['es2022', 'dom', 'dom.iterable'], module: 'esnext', moduleResolution: 'bundler' },
        blocks,
      ),
      compile(
        'node16',
        { lib: ['es2022'], module: 'node16', moduleResolution: 'node16' },
        blocks.filter((block) => block.kind !== 'browser'),
      ),
    ]);
    expect([...dom, ...node16]).toEqual([]);
  });

  it('runs every block that is not browser-only, in Node against the mock server', async () => {
    const runnable = blocks.filter((block) => block.kind === 'run');
    for (const block of runnable) {
      const { code } = await transform(block.code, {
        loader: 'ts',
        format: 'esm',
        target: 'es2022',
      });
      await writeFile(join(scratch, block.file.replace(/\.ts$/, '.mjs')), code);
    }
    await writeFile(
      join(scratch, 'run-blocks.mjs'),
      `import { pathToFileURL } from 'node:url';
for (const file of process.argv.slice(2)) {
  try {
    await import(pathToFileURL(file).href);
    console.log(\`\\n@@PASS \${file}\`);
  } catch (error) {
    console.log(\`\\n@@FAIL \${file}: \${error?.stack ?? error}\`);
  }
}
process.exit(0); // a block may leave a server listening or a timer set
`,
    );
    const files = runnable.map((block) => block.file.replace(/\.ts$/, '.mjs'));
    const env = { ...process.env, SOAT_BASE_URL: server.url, SOAT_TOKEN: TOKEN, PORT: '0' };
    const { stdout } = await run(process.execPath, ['run-blocks.mjs', ...files], {
      cwd: scratch,
      env,
      maxBuffer: 16 << 20,
    });
    const failed = stdout.split('\n').filter((text) => text.startsWith('@@FAIL'));
    expect(failed).toEqual([]);
    expect(stdout.split('\n').filter((text) => text.startsWith('@@PASS'))).toHaveLength(
      files.length,
    );
    expect(stdout).toContain('You said: Hello!'); // the quick start's streamed answer
  });

  it('runs the vitest blocks with vitest', async () => {
    const tests = blocks.filter((block) => block.kind === 'vitest');
    expect(tests.length).toBeGreaterThan(0);
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')),
    );
    const result = await run(
      process.execPath,
      [VITEST, 'run', '--root', scratch, ...tests.map((block) => block.file)],
      { cwd: scratch, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 16 << 20 },
    ).catch((failure: { stdout?: string; stderr?: string }) => ({
      stdout: `${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    }));
    expect(result.stdout).toMatch(
      new RegExp(`Tests +${tests.length} passed \\(${tests.length}\\)`),
    );
  });
});
