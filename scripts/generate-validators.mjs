// Generates generated/request-validators.js (+ .d.ts): the mock's routing tables and standalone
// validators for each operation's query and JSON body, compiled by ajv at generate time, for
// every SOAT generation the mock plays: `openapi.yaml` (the documented API, the mock's default)
// and each `openapi/<name>.yaml`, keyed by the first version its `info.x-soat-versions` range
// (`>=0.15.13 <0.23.0`) covers. SPEC_DIR=<dir> reads the per-generation specs from another
// folder. The output imports nothing (ajv is a devDependency only): the script fails if ajv's
// code would `require` one of its runtime helpers. No request schema uses `format` today, so
// ajv-formats is not needed: in strict mode, a `format` added to one fails this script.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { parse } from 'yaml';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const SCHEMA_REF = /^#\/components\/schemas\//;
const PROSE = new Set(['description', 'example']);
// OpenAPI annotations ajv's strict mode does not know; validation does not need them.
const ANNOTATIONS = new Set(['examples', 'externalDocs', 'xml', 'discriminator']);
const DOCUMENTED = 'documented';
const LOWER_BOUND = /^>=\s*(\d+\.\d+\.\d+)/;

const specDir = process.env.SPEC_DIR
  ? new URL(`file://${process.env.SPEC_DIR.replace(/\/*$/, '/')}`)
  : new URL('../openapi/', import.meta.url);
const specs = [
  {
    version: DOCUMENTED,
    source: 'openapi.yaml',
    spec: parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')),
  },
];
if (existsSync(specDir)) {
  for (const name of readdirSync(specDir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const spec = parse(readFileSync(new URL(name, specDir), 'utf8'));
    const range = spec.info?.['x-soat-versions'];
    const version = LOWER_BOUND.exec(String(range ?? ''))?.[1];
    if (version === undefined) {
      throw new Error(
        `openapi/${name}: info.x-soat-versions must start with >=x.y.z, got ${range}`,
      );
    }
    specs.push({ version, source: `openapi/${name}`, spec });
  }
}

/** The schema id and export prefix of one spec: `soat_0_15_13`, `soat_documented`. */
const idOf = (version) => `soat_${version.replaceAll('.', '_')}`;

/**
 * Rewrites `#/components/schemas/X` refs to the `<id>#/$defs/X` schema ajv is given, and drops
 * the prose (`description`, `example`) and annotations, which validation does not need.
 */
function rewriteRefs(value, id) {
  if (Array.isArray(value)) return value.map((inner) => rewriteRefs(inner, id));
  if (typeof value !== 'object' || value === null) return value;
  const copy = {};
  for (const [key, inner] of Object.entries(value)) {
    if (PROSE.has(key) && typeof inner !== 'object') continue;
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    copy[key] =
      key === '$ref' ? inner.replace(SCHEMA_REF, `${id}#/$defs/`) : rewriteRefs(inner, id);
  }
  return copy;
}

/**
 * The top-level field names a body schema declares: its `properties`, or the union of its
 * `oneOf`/`anyOf` branches' (`null` when it declares none, i.e. it is free-form).
 */
function fieldNames(spec, schema) {
  const resolved = resolve(spec, schema);
  const branches = resolved.oneOf ?? resolved.anyOf;
  if (branches) {
    const names = branches.map((branch) => fieldNames(spec, branch));
    return names.includes(null) ? null : [...new Set(names.flat())];
  }
  return resolved.properties ? Object.keys(resolved.properties) : null;
}

/** Resolves a `#/components/<kind>/<name>` reference of a spec. */
function resolve(spec, value) {
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

const tables = [];
const branchExports = [];
const exportsByName = {};
for (const { version, spec } of specs) {
  const id = idOf(version);
  ajv.addSchema({ $id: id, $defs: rewriteRefs(spec.components?.schemas ?? {}, id) });
  const routes = [];
  const requestSchemas = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters ?? []).map((parameter) => resolve(spec, parameter));
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const name = `${id}_${method}${path.replace(/[^A-Za-z0-9]+/g, '_')}`;
      const parameters = [
        ...shared,
        ...(operation.parameters ?? []).map((parameter) => resolve(spec, parameter)),
      ];
      for (const parameter of parameters) {
        if (!['path', 'query', 'header'].includes(parameter.in)) {
          throw new Error(
            `${version} ${method} ${path}: ${parameter.in} parameters are not supported`,
          );
        }
      }
      const query = parameters.filter((parameter) => parameter.in === 'query');
      // Only the documented API's queries are checked: a real server ignores what it does not read.
      const queryName = version === DOCUMENTED ? `${name}_query` : null;
      if (queryName)
        ajv.addSchema(
          {
            type: 'object',
            properties: Object.fromEntries(
              query.map((parameter) => [parameter.name, rewriteRefs(parameter.schema, id)]),
            ),
            required: query.filter((parameter) => parameter.required).map(({ name }) => name),
            additionalProperties: false,
          },
          queryName,
        );
      if (queryName) exportsByName[queryName] = queryName;
      const requestBody = resolve(spec, operation.requestBody);
      const bodySchema = requestBody?.content?.['application/json']?.schema;
      let body = null;
      if (bodySchema) {
        requestSchemas.push(bodySchema);
        const bodyName = `${name}_body`;
        ajv.addSchema(rewriteRefs(bodySchema, id), bodyName);
        exportsByName[bodyName] = bodyName;
        body = {
          required: requestBody.required === true,
          validator: bodyName,
          fields: fieldNames(spec, bodySchema),
        };
      }
      routes.push({ method: method.toUpperCase(), path, query: queryName, body });
    }
  }

  // The branches of every oneOf a request can meet, as validators of their own, keyed by `$ref`.
  const visited = new Set();
  const collectOneOfs = (schema) => {
    if (Array.isArray(schema)) return schema.forEach(collectOneOfs);
    if (typeof schema !== 'object' || schema === null) return;
    if (typeof schema.$ref === 'string' && SCHEMA_REF.test(schema.$ref)) {
      if (visited.has(schema.$ref)) return;
      visited.add(schema.$ref);
      collectOneOfs(resolve(spec, schema));
    }
    for (const branch of schema.oneOf ?? []) {
      if (!branch.$ref) throw new Error('a oneOf branch must be a $ref to a named schema');
      const ref = branch.$ref.replace(SCHEMA_REF, `${id}#/$defs/`);
      if (branchExports.some(([, known]) => known === ref)) continue;
      branchExports.push([`branch_${id}_${ref.split('/').pop()}`, ref]);
    }
    for (const inner of Object.values(schema)) collectOneOfs(inner);
  };
  collectOneOfs(requestSchemas);
  tables.push({ version, routes });
}
for (const [name, ref] of branchExports) exportsByName[name] = ref;

const validators = standaloneCode(ajv, exportsByName);
if (/\brequire\s*\(/.test(validators)) {
  throw new Error('ajv standalone code requires a runtime helper: avoid the keyword that needs it');
}

const routeLine = (route) => {
  const body = route.body
    ? `{ required: ${route.body.required}, validate: ${route.body.validator}, fields: ${JSON.stringify(route.body.fields)} }`
    : 'null';
  return `    { method: ${JSON.stringify(route.method)}, path: ${JSON.stringify(route.path)}, query: ${route.query}, body: ${body} },`;
};
const generations = tables
  .map(
    ({ version, routes }) =>
      `  ${JSON.stringify(version)}: [\n${routes.map(routeLine).join('\n')}\n  ],`,
  )
  .join('\n');

const sources = specs.map(({ source }) => source);
const header = `// Generated by scripts/generate-validators.mjs from ${sources.join(', ')}. Do not edit.\n`;
writeFileSync(
  new URL('../generated/request-validators.js', import.meta.url),
  `${header}${validators}

/**
 * Every operation of each generation's spec, with the validators of its query and JSON body, by
 * the first version the spec covers; \`documented\` is openapi.yaml, the mock's default.
 */
export const routesByGeneration = {
${generations}
};

/** The operations of openapi.yaml (the documented API). */
export const routes = routesByGeneration[${JSON.stringify(DOCUMENTED)}];

/** The branches of every oneOf, by their \`$ref\`: validators to explain a oneOf failure. */
export const oneOfBranches = {
${branchExports.map(([name, ref]) => `  ${JSON.stringify(ref)}: ${name},`).join('\n')}
};
`,
);

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

/** One operation: method, path template, and validators for its query and JSON body. */
export interface Route {
  method: string;
  path: string;
  /** The query's validator: the documented API's routes only (a versioned server ignores its query). */
  query: Validator | null;
  /** The JSON body's validator, and its top-level field names (\`null\` when the schema lists none). */
  body: { required: boolean; validate: Validator; fields: readonly string[] | null } | null;
}

/** Every operation of each generation's spec, by the first version it covers (\`documented\`: openapi.yaml). */
export declare const routesByGeneration: Readonly<Record<string, readonly Route[]>>;

/** The operations of openapi.yaml (the documented 0.12.x API), in the order of the spec. */
export declare const routes: readonly Route[];

/** The branches of every oneOf of the specs, by their \`$ref\` (e.g. \`soat_0_12#/$defs/ChatContentMessage\`). */
export declare const oneOfBranches: Readonly<Record<string, Validator>>;
`,
);
