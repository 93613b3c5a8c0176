/** Bundles `entry` for the browser and lists Node built-ins, dynamic imports and require() calls it reaches. */
export function findImpurities(
  entry: string,
  cwd: string,
): Promise<{ problems: string[]; inputs: Record<string, number> }>;
/** The minified bundle of an unused `import '<entry>'`. */
export function bundleOfUnusedImport(
  entry: string,
  cwd: string,
  trustFlag: boolean,
): Promise<string>;
