// The consumer checks: scratch projects outside the repo install the packed tarball the way a
// user would, then run and type-check the fixtures of test/package/ against it.
//   app/   the tarball only: msw (an optional peer) is absent, so it proves the main entry and
//          @soat/sdk/mock-server load without it; it serves the mock and runs the consumers.
//   typed/ the tarball with msw and @types/node: tsc under node16 (ESM, CJS), bundler and
//          node10, @soat/sdk/mock with msw, and the node10 stub folders.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CheckError, run, runOrFail } from './run.mjs';

const INSTALL_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/**
 * Creates a scratch project and installs `packages` into it.
 * @param {string} dir - an empty folder outside the repo
 * @param {string[]} packages - tarball paths and name@version specs
 */
export async function installProject(dir, packages) {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'soat-sdk-consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  await runOrFail(`npm install in ${dir}`, 'npm', ['install', ...packages, ...INSTALL_FLAGS], {
    cwd: dir,
    timeoutMs: 180_000,
  });
}

/** Copies test/package/<name> into `dir`. */
export async function copyFixtures(fixtures, dir, names) {
  await Promise.all(names.map((name) => copyFile(join(fixtures, name), join(dir, name))));
}

/**
 * (d) Starts @soat/sdk/mock-server from the msw-free project, with Node running this script.
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export function startMockServer(appDir) {
  const step = 'mock server without msw';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['mock-server.mjs'], {
      cwd: appDir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new CheckError(step, `no url after 20 s:\n${output}`));
    }, 20_000);
    const exited = new Promise((done) => child.once('close', done));
    child.stderr.setEncoding('utf8').on('data', (text) => {
      output += text;
    });
    child.stdout.setEncoding('utf8').on('data', (text) => {
      output += text;
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"url"'));
      if (!line) return;
      clearTimeout(timer);
      const { url } = JSON.parse(line);
      resolve({
        url,
        stop: async () => {
          child.stdin.end();
          const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(
        new CheckError(step, `mock-server.mjs exited ${code} before printing its url:\n${output}`),
      );
    });
  });
}

/**
 * (a)+(b) Runs consumer.mjs and consumer.cjs under one runtime.
 * @returns {Promise<{ lines: string[], ms: number }>}
 */
export async function runConsumers(appDir, url, runtime) {
  const lines = [];
  let ms = 0;
  for (const [file, kind] of [
    ['consumer.mjs', 'esm'],
    ['consumer.cjs', 'cjs'],
  ]) {
    const step = `${runtime.name}, ${kind}`;
    const result = await run(runtime.command, [...runtime.args, file], {
      cwd: appDir,
      env: { SOAT_MOCK_URL: url, NO_COLOR: '1' },
      timeoutMs: 180_000,
    });
    ms += result.ms;
    const expected = `PASS ${kind} on ${runtime.expect}`;
    const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('PASS '));
    if (result.code !== 0 || !line?.startsWith(expected)) {
      throw new CheckError(
        step,
        `expected exit 0 and a line starting ${JSON.stringify(expected)}; exit ${result.code ?? result.signal}\n${result.stdout}${result.stderr}`.trimEnd(),
      );
    }
    lines.push(line);
  }
  return { lines, ms };
}

const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noEmit: true,
  target: 'es2022',
  types: ['node'],
};
const DOM = ['es2022', 'dom', 'dom.iterable'];

/**
 * (c) The tsc projects: each copies test/package/types/<name>.ts under the extension its module
 * system needs. msw's own declarations need the DOM lib and break under node16 CommonJS
 * (they `require` the ESM-only rettime), so mock.ts goes where msw's types work and
 * skipLibCheck stays off everywhere else, checking this package's .d.ts files in full.
 */
export const TYPE_PROJECTS = [
  {
    name: 'node16 ESM (.mts)',
    dir: 'node16-esm',
    ext: '.mts',
    files: ['consumer', 'mock', 'mock-server', 'node'],
    options: { module: 'node16', moduleResolution: 'node16', verbatimModuleSyntax: true, lib: DOM },
  },
  {
    name: 'node16 CJS (.cts), no DOM lib',
    dir: 'node16-cjs',
    ext: '.cts',
    files: ['consumer', 'mock-server', 'node'],
    options: { module: 'node16', moduleResolution: 'node16', lib: ['es2022'] },
  },
  {
    name: 'node16 CJS (.cts), @soat/sdk/mock (skipLibCheck: msw types)',
    dir: 'node16-cjs-mock',
    ext: '.cts',
    files: ['mock'],
    options: { module: 'node16', moduleResolution: 'node16', lib: DOM, skipLibCheck: true },
  },
  {
    name: 'bundler',
    dir: 'bundler',
    ext: '.ts',
    files: ['consumer', 'mock', 'mock-server', 'node'],
    options: {
      module: 'esnext',
      moduleResolution: 'bundler',
      verbatimModuleSyntax: true,
      lib: DOM,
    },
  },
  {
    name: 'node10',
    dir: 'node10',
    ext: '.ts',
    files: ['consumer', 'mock', 'mock-server', 'node'],
    options: { module: 'commonjs', moduleResolution: 'node10', lib: DOM },
  },
];

/** Writes one tsc project of TYPE_PROJECTS into the typed project. */
export async function writeTypeProject(typedDir, fixtures, project) {
  const dir = join(typedDir, project.dir);
  await mkdir(dir, { recursive: true });
  const files = project.files.map((name) => `${name}${project.ext}`);
  await Promise.all(
    project.files.map((name) =>
      copyFile(join(fixtures, 'types', `${name}.ts`), join(dir, `${name}${project.ext}`)),
    ),
  );
  const tsconfig = {
    compilerOptions: { skipLibCheck: false, ...STRICT, ...project.options },
    files,
  };
  await writeFile(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
}

/**
 * Type-checks one project with the repo's pinned tsc, and checks that each specifier resolved
 * to the declaration file of the right module system.
 * @returns {Promise<string>} the @soat/sdk declaration files the program used
 */
export async function typecheck(typedDir, tsc, project) {
  const step = `tsc, ${project.name}`;
  const result = await run(
    process.execPath,
    [tsc, '-p', join(typedDir, project.dir), '--listFiles', '--pretty', 'false'],
    { cwd: typedDir, timeoutMs: 180_000 },
  );
  const lines = result.stdout.split('\n');
  const errors = lines.filter((line) => /error TS\d+/.test(line));
  if (result.code !== 0 || errors.length > 0) {
    throw new CheckError(step, `\n${(errors.length > 0 ? errors : lines.slice(-20)).join('\n')}`);
  }
  const used = lines
    .map((line) => /node_modules\/@soat\/sdk\/(dist\/.+)$/.exec(line)?.[1])
    .filter((file) => file !== undefined);
  const dts =
    project.ext === '.mts' || project.options.moduleResolution === 'bundler' ? '.d.ts' : '.d.cts';
  const expected = {
    consumer: 'dist/index',
    mock: 'dist/mock/index',
    'mock-server': 'dist/mock-server',
    node: 'dist/node',
  };
  for (const name of project.files) {
    const file = `${expected[name]}${dts}`;
    if (!used.includes(file)) {
      throw new CheckError(
        step,
        `${name}${project.ext} should load @soat/sdk's ${file}; the program has ${used.join(', ') || 'none of its files'}`,
      );
    }
  }
  return used.filter((file) => !/-[\w-]{8}\.d\.c?ts$/.test(file)).join(', ');
}

/**
 * What a resolver that ignores "exports" (Node 10, Jest < 28, webpack 4) finds for each
 * subpath: the stub folder's package.json must point at built files that load.
 */
export async function checkLegacyStubs(typedDir) {
  const step = 'node10 stub folders';
  const pkgDir = join(typedDir, 'node_modules', '@soat', 'sdk');
  const require = createRequire(join(typedDir, 'package.json'));
  const expected = {
    mock: 'createSoatMock',
    'mock-server': 'startSoatMockServer',
    node: 'sendResponse',
    ai: 'toUIMessageStreamResponse',
  };
  const found = [];
  for (const [subpath, exportName] of Object.entries(expected)) {
    let stub;
    try {
      stub = JSON.parse(await readFile(join(pkgDir, subpath, 'package.json'), 'utf8'));
    } catch (error) {
      throw new CheckError(
        step,
        `${subpath}/package.json is missing from the tarball (${error.code})`,
      );
    }
    for (const field of ['main', 'module', 'types']) {
      if (typeof stub[field] !== 'string') {
        throw new CheckError(step, `${subpath}/package.json has no "${field}"`);
      }
    }
    const main = require(join(pkgDir, subpath, stub.main));
    if (typeof main[exportName] !== 'function') {
      throw new CheckError(
        step,
        `${subpath}/package.json "main" (${stub.main}) does not export ${exportName}`,
      );
    }
    await import(join(pkgDir, subpath, stub.module)).then((module) => {
      if (typeof module[exportName] !== 'function') {
        throw new CheckError(
          step,
          `${subpath}/package.json "module" (${stub.module}) does not export ${exportName}`,
        );
      }
    });
    await readFile(join(pkgDir, subpath, stub.types)).catch(() => {
      throw new CheckError(
        step,
        `${subpath}/package.json "types" (${stub.types}) is not in the tarball`,
      );
    });
    found.push(`${subpath} → ${stub.main}`);
  }
  return found.join(', ');
}

/** @soat/sdk/mock with msw, imported (ESM) and required (CJS). */
export async function checkMswMock(typedDir) {
  const lines = [];
  for (const file of ['msw-mock.mjs', 'msw-mock.cjs']) {
    const result = await run(process.execPath, [file], { cwd: typedDir, timeoutMs: 60_000 });
    const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('PASS '));
    if (result.code !== 0 || !line) {
      throw new CheckError(
        `@soat/sdk/mock with msw (${file})`,
        `exit ${result.code}\n${result.stdout}${result.stderr}`,
      );
    }
    lines.push(line.slice('PASS '.length));
  }
  return lines.join('; ');
}
