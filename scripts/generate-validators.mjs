// Generates generated/request-validators.js (+ .d.ts) from openapi.yaml: the mock's routing table
// and standalone validators for each operation's query and JSON body, compiled by ajv at
// generate time. The output imports nothing (ajv is a devDependency only): the script fails if
// ajv's code would `require` one of its runtime helpers. No request schema uses `format` today,
// so ajv-formats is not needed: in strict mode, a `format` added to one fails this script.
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { parse } from 'yaml';

const spec = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const SCHEMA_REF = /^#\/components\/schemas\//;
const PROSE = new Set(['description', 'example']);

/** Rewrites `#/components/schemas/X` refs to the `soat#/$defs/X` schema ajv is given. */
/** Also drops the prose (`description`, `example`), which validation does not need. */
function rewriteRefs(value) {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  const copy = {};
  for (const [key, inner] of Object.entries(value)) {
    if (PROSE.has(key) && typeof inner !== 'object') continue;
    copy[key] = key === '$ref' ? inner.replace(SCHEMA_REF, 'soat#/$defs/') : rewriteRefs(inner);
  }
  return copy;
}

/** Resolves a `#/components/<kind>/<name>` reference of the spec. */
function resolve(value) {
  if (!value?.$ref) return value;
  const target = value.$ref
    .slice(2)
    .split('/')
    .reduce((node, key) => node?.[key], spec);
  if (!target) throw new Error(`unresolved reference ${value.$ref}`);
  return target;
}

const ajv = new Ajv({
  // Every error, with the failing data and schema: a `oneOf` error is explained by re-running
  // its branches (exported below) on that data and reporting the closest one.
  allErrors: true,
  verbose: true,
  // No runtime helper for string lengths: minLength counts UTF-16 units, not code points (the
  // spec's only minLength is 1, where both count alike). The option is deprecated, hence the
  // logger that keeps only errors.
  unicode: false,
  strict: true,
  inlineRefs: false,
  logger: { log() {}, warn() {}, error: console.error },
  code: { source: true, esm: true, lines: true },
});
ajv.addSchema({ $id: 'soat', $defs: rewriteRefs(spec.components.schemas) });

const routes = [];
const requestSchemas = [];
const exportsByName = {};
for (const [path, item] of Object.entries(spec.paths)) {
  const shared = (item.parameters ?? []).map(resolve);
  for (const method of METHODS) {
    const operation = item[method];
    if (!operation) continue;
    const parameters = [...shared, ...(operation.parameters ?? []).map(resolve)];
    for (const parameter of parameters) {
      if (!['path', 'query'].includes(parameter.in)) {
        throw new Error(`${operation.operationId}: ${parameter.in} parameters are not supported`);
      }
    }
    const query = parameters.filter((parameter) => parameter.in === 'query');
    const queryName = `${operation.operationId}Query`;
    ajv.addSchema(
      {
        type: 'object',
        properties: Object.fromEntries(
          query.map((parameter) => [parameter.name, rewriteRefs(parameter.schema)]),
        ),
        required: query.filter((parameter) => parameter.required).map(({ name }) => name),
        additionalProperties: false,
      },
      queryName,
    );
    exportsByName[queryName] = queryName;
    const requestBody = resolve(operation.requestBody);
    const bodySchema = requestBody?.content?.['application/json']?.schema;
    let body = null;
    if (bodySchema) {
      requestSchemas.push(bodySchema);
      const bodyName = `${operation.operationId}Body`;
      ajv.addSchema(rewriteRefs(bodySchema), bodyName);
      exportsByName[bodyName] = bodyName;
      body = { required: requestBody.required === true, validator: bodyName };
    }
    routes.push({
      operationId: operation.operationId,
      method: method.toUpperCase(),
      path,
      query: queryName,
      body,
    });
  }
}

// The branches of every oneOf a request can meet, as validators of their own, keyed by `$ref`.
const branchRefs = new Set();
const visited = new Set();
function collectOneOfs(schema) {
  if (Array.isArray(schema)) return schema.forEach(collectOneOfs);
  if (typeof schema !== 'object' || schema === null) return;
  if (typeof schema.$ref === 'string' && SCHEMA_REF.test(schema.$ref)) {
    if (visited.has(schema.$ref)) return;
    visited.add(schema.$ref);
    collectOneOfs(resolve(schema));
  }
  for (const branch of schema.oneOf ?? []) {
    if (!branch.$ref) throw new Error('a oneOf branch must be a $ref to a named schema');
    branchRefs.add(branch.$ref.replace(SCHEMA_REF, 'soat#/$defs/'));
  }
  for (const inner of Object.values(schema)) collectOneOfs(inner);
}
collectOneOfs(requestSchemas);
const branchExports = [...branchRefs].map((ref) => [`branch_${ref.split('/').pop()}`, ref]);
for (const [name, ref] of branchExports) exportsByName[name] = ref;

const validators = standaloneCode(ajv, exportsByName);
if (/\brequire\s*\(/.test(validators)) {
  throw new Error('ajv standalone code requires a runtime helper: avoid the keyword that needs it');
}

const table = routes
  .map(
    (route) =>
      `  { operationId: ${JSON.stringify(route.operationId)}, method: ${JSON.stringify(route.method)}, path: ${JSON.stringify(route.path)}, query: ${route.query}, body: ${route.body ? `{ required: ${route.body.required}, validate: ${route.body.validator} }` : 'null'} },`,
  )
  .join('\n');

const header = '// Generated by scripts/generate-validators.mjs from openapi.yaml. Do not edit.\n';
writeFileSync(
  new URL('../generated/request-validators.js', import.meta.url),
  `${header}${validators}\n\n/** Every operation of openapi.yaml, with the validators of its query and JSON body. */\nexport const routes = [\n${table}\n];\n\n/** The branches of every oneOf, by their \`$ref\`: validators to explain a oneOf failure. */\nexport const oneOfBranches = {\n${branchExports.map(([name, ref]) => `  ${JSON.stringify(ref)}: ${name},`).join('\n')}\n};\n`,
);

const operationIds = routes.map((route) => JSON.stringify(route.operationId)).join(' | ');
writeFileSync(
  new URL('../generated/request-validators.d.ts', import.meta.url),
  `${header}
/** One validation error, as ajv reports it. */
export interface ValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** The schema object that holds the failing keyword (e.g. the one with the \`oneOf\`). */
  parentSchema?: unknown;
  /** The value that failed. */
  data?: unknown;
}

/** A standalone validator: \`errors\` holds the failures of the last call that returned false. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}

/** The operationId of every operation in openapi.yaml. */
export type OperationId = ${operationIds};

/** One operation: method, path template, and validators for its query and JSON body. */
export interface Route {
  operationId: OperationId;
  method: string;
  path: string;
  query: Validator;
  body: { required: boolean; validate: Validator } | null;
}

/** Every operation of openapi.yaml, in the order of the spec. */
export declare const routes: readonly Route[];

/** The branches of every oneOf of the spec, by their \`$ref\` (e.g. \`soat#/$defs/ChatContentMessage\`). */
export declare const oneOfBranches: Readonly<Record<string, Validator>>;
`,
);
