// Run by purity.mjs in a fresh Node process: imports one module and prints, as JSON, every
// global and built-in prototype member that the import added, removed or replaced, and any
// timer, socket or handle it left open. An import with no side effects prints empty lists.
const target = process.argv[2];
const WATCHED = [
  'Object',
  'Array',
  'Function',
  'Promise',
  'Error',
  'String',
  'Symbol',
  'Request',
  'Response',
  'Headers',
  'ReadableStream',
  'TextDecoder',
  'AbortController',
];

function snapshot() {
  const entries = new Map();
  const record = (name, value) => {
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      entries.set(
        `${name}.${String(key)}`,
        descriptor?.value ?? descriptor?.get ?? descriptor?.set,
      );
    }
  };
  record('globalThis', globalThis);
  for (const name of WATCHED) {
    const builtin = globalThis[name];
    record(name, builtin);
    if (builtin?.prototype) record(`${name}.prototype`, builtin.prototype);
  }
  return entries;
}

// Node defines many globals lazily (a getter that replaces itself on first use): use each once so
// that loading them is not mistaken for something the import did.
for (const key of Reflect.ownKeys(globalThis)) void globalThis[key];
snapshot();
const resourcesBefore = process.getActiveResourcesInfo();
const before = snapshot();
await import(target);
const after = snapshot();
const changed = [];
for (const [key, value] of after) {
  if (!before.has(key)) changed.push(`added ${key}`);
  else if (!Object.is(before.get(key), value)) changed.push(`replaced ${key}`);
}
for (const key of before.keys()) if (!after.has(key)) changed.push(`removed ${key}`);
const resources = process.getActiveResourcesInfo().slice(resourcesBefore.length);
process.stdout.write(JSON.stringify({ changed, resources }));
// Whatever the import left running must not keep this probe alive: it was reported above.
process.exit(0);
