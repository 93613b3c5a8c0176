/**
 * Leaves out the keys whose value is `undefined`, so that a flag that was not given is absent
 * from the request body instead of present as `undefined`.
 * @param value - the body, with `undefined` allowed for every key
 * @returns the same keys, minus the undefined ones
 */
export function compact<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
