// Generates generated/<generation>/schema.d.ts from every openapi/<generation>.yaml: the types of
// what each SOAT generation accepts and answers (openapi.yaml, the documented contract, keeps
// generated/schema.d.ts). Runs openapi-typescript's own CLI so the output matches that file's.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(
  new URL('../node_modules/openapi-typescript/bin/cli.js', import.meta.url),
);
const specs = readdirSync(new URL('../openapi/', import.meta.url)).filter((name) =>
  /^\d+\.\d+\.yaml$/.test(name),
);
if (specs.length === 0) throw new Error('no openapi/<generation>.yaml found');
for (const spec of specs) {
  const generation = spec.slice(0, -'.yaml'.length);
  mkdirSync(new URL(`../generated/${generation}/`, import.meta.url), { recursive: true });
  execFileSync(
    process.execPath,
    [cli, `openapi/${spec}`, '-o', `generated/${generation}/schema.d.ts`],
    { cwd: root, stdio: 'inherit' },
  );
}
