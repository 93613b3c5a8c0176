const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A random public id such as `chat_V1StGXR8aB3dE9fQ`.
 * @param prefix - the id's prefix, without the underscore (e.g. `chat`)
 * @param length - how many random characters follow it
 * @returns the id; never throws (uses Web Crypto, present in Node 20 and browsers)
 */
export function randomId(prefix: string, length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${id}`;
}
