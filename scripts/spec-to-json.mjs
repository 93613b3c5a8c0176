// Converts openapi.yaml to generated/openapi.json, the copy the mock server validates against
// (it ships in the package, so the mock needs no YAML parser at run time).
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const spec = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
writeFileSync(
  new URL('../generated/openapi.json', import.meta.url),
  `${JSON.stringify(spec, null, 2)}\n`,
);
