const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Whether an `Authorization` header lets a request in: it must be `Bearer <token>`, and equal
 * to `token` when one is required.
 * @param header - the header's value(s), if any
 * @param token - the only accepted token, or `undefined` to accept any bearer token
 * @returns `true` when authorized; never throws
 */
export function isAuthorized(header: unknown, token: string | undefined): boolean {
  if (typeof header !== 'string') return false;
  const presented = BEARER.exec(header)?.[1];
  if (presented === undefined) return false;
  return token === undefined || presented === token;
}
