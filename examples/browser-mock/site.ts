// The browser-mock example's files: the page, its esbuild bundle (for platform "browser": the
// bundle fails if anything it imports needs Node), and msw's mockServiceWorker.js, read from
// the installed msw so it always matches the msw that the bundle contains.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** One file the site serves: its content type and body. */
export type SiteFile = [type: string, body: string];

/** The site's files by path, and the bundle's inputs (to check what it was built from). */
export interface BrowserMockSite {
  files: Record<string, SiteFile>;
  inputs: Metafile['inputs'];
}

/**
 * Builds the example's files.
 * @returns the files by URL path
 * @throws esbuild's error when app.ts does not bundle for a browser
 */
export async function buildBrowserMockSite(): Promise<BrowserMockSite> {
  const bundle = await build({
    entryPoints: [here('app.ts')], // '@soat/sdk' and '@soat/sdk/mock' resolve through tsconfig paths
    tsconfig: here('../../tsconfig.json'),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  });
  const worker = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');
  return {
    files: {
      '/': ['text/html; charset=utf-8', await readFile(here('index.html'), 'utf8')],
      '/app.js': ['text/javascript; charset=utf-8', bundle.outputFiles[0]?.text ?? ''],
      '/mockServiceWorker.js': ['text/javascript; charset=utf-8', await readFile(worker, 'utf8')],
    },
    inputs: bundle.metafile.inputs,
  };
}
