import type { ValidationResult } from 'openapi-backend';

/** One ajv error, as openapi-backend reports it. */
type ErrorObject = NonNullable<ValidationResult['errors']>[number];

const ROOT_NAMES: Readonly<Record<string, string>> = { requestBody: 'body', header: 'headers' };

/**
 * Turns openapi-backend's ajv errors into one message that names the offending field, e.g.
 * `body.messages must NOT have fewer than 1 items` or `body.ai_provider_id is required`.
 * A body that is not JSON is reported alone: `body is not valid JSON: <parser message>`.
 * @param errors - the validation errors of one request
 * @returns the message; never throws
 */
export function describeValidationErrors(errors: readonly ErrorObject[]): string {
  const parse = errors.find((error) => error.keyword === 'parse');
  if (parse) {
    const field = parse.instancePath ? fieldName(parse.instancePath) : 'body';
    return `${field} is not valid JSON: ${parse.message ?? 'parse error'}`;
  }
  const messages = errors.map(describeError);
  return [...new Set(messages)].join('; ') || 'request is invalid';
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return `${fieldName(error.instancePath, String(params.missingProperty))} is required`;
  }
  if (error.keyword === 'additionalProperties') {
    return `${fieldName(error.instancePath, String(params.additionalProperty))} is not allowed`;
  }
  const allowed = Array.isArray(params.allowedValues)
    ? ` (${params.allowedValues.join(', ')})`
    : '';
  return `${fieldName(error.instancePath)} ${error.message ?? 'is invalid'}${allowed}`;
}

/** `/requestBody/messages/0` (+ `content`) becomes `body.messages[0].content`. */
function fieldName(instancePath: string, child?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (child !== undefined) segments.push(child);
  const [root = 'request', ...rest] = segments;
  let name = ROOT_NAMES[root] ?? root;
  for (const segment of rest) name += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  return name;
}
