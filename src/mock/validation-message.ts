import {
  oneOfBranches,
  type ValidationError,
  type Validator,
} from '../../generated/request-validators.js';

/**
 * Turns the errors of a generated validator into one message that names each offending field,
 * e.g. `body.messages must NOT have fewer than 1 items` or `body.ai_provider_id is required`.
 * A failed `oneOf` names only what is wrong for the branch the value comes closest to (the one
 * with the fewest errors): `{ role: 'bot', content: 'x' }` is a content message with a bad
 * role, so only `role` is named. When branches tie, each one's problem is given, joined by `or`.
 * @param errors - the validator's errors
 * @param root - what the validated value is called in the message: `body` or `query`
 * @returns the message; never throws
 */
export function describeValidationErrors(errors: readonly ValidationError[], root: string): string {
  const messages = describeAll(errors, root);
  return [...new Set(messages)].join('; ') || `${root} is invalid`;
}

function describeAll(errors: readonly ValidationError[], root: string): string[] {
  const kept = [...errors];
  const messages: string[] = [];
  for (let index = 0; index < kept.length; index++) {
    const error = kept[index] as ValidationError;
    if (error.keyword !== 'oneOf') continue;
    // The branches' own errors come before the oneOf's: they are explained by it instead.
    const path = error.instancePath;
    for (let before = index - 1; before >= 0; before--) {
      const candidate = kept[before] as ValidationError;
      if (candidate.instancePath === path || candidate.instancePath.startsWith(`${path}/`)) {
        kept.splice(before, 1);
        index--;
      }
    }
  }
  for (const error of kept) messages.push(...describeError(error, root));
  return messages;
}

function describeError(error: ValidationError, root: string): string[] {
  const params = error.params;
  if (error.keyword === 'required') {
    return [`${fieldName(root, error.instancePath, String(params.missingProperty))} is required`];
  }
  if (error.keyword === 'additionalProperties') {
    return [
      `${fieldName(root, error.instancePath, String(params.additionalProperty))} is not allowed`,
    ];
  }
  if (error.keyword === 'oneOf') {
    const closest = closestBranches(error, root);
    if (closest) return [closest];
  }
  const allowed = Array.isArray(params.allowedValues)
    ? ` (${params.allowedValues.join(', ')})`
    : '';
  return [`${fieldName(root, error.instancePath)} ${error.message ?? 'is invalid'}${allowed}`];
}

/**
 * Re-runs each branch of a failed `oneOf` on the value and describes the branch(es) with the
 * fewest errors; `undefined` when the branches are unknown or some branch passes (the value
 * then matched more than one).
 */
function closestBranches(error: ValidationError, root: string): string | undefined {
  const refs = (error.parentSchema as { oneOf?: { $ref?: string }[] } | undefined)?.oneOf ?? [];
  const branches = refs.map((branch) =>
    branch.$ref === undefined ? undefined : oneOfBranches[branch.$ref],
  );
  if (branches.length === 0 || branches.includes(undefined)) return undefined;
  const described: string[][] = [];
  for (const validate of branches as Validator[]) {
    if (validate(error.data)) return undefined;
    const errors = (validate.errors ?? []).map((inner) => ({
      ...inner,
      instancePath: `${error.instancePath}${inner.instancePath}`,
    }));
    described.push([...new Set(describeAll(errors, root))]);
  }
  const fewest = Math.min(...described.map((messages) => messages.length));
  const closest = described.filter((messages) => messages.length === fewest);
  return [...new Set(closest.map((messages) => messages.join('; ')))].join(' or ');
}

/** `/messages/0` (+ `content`) under `body` becomes `body.messages[0].content`. */
function fieldName(root: string, instancePath: string, child?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (child !== undefined) segments.push(child);
  let name = root;
  for (const segment of segments) name += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  return name;
}
