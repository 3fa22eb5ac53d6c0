// `npm run notebooks`: bundle each notebook page (engines + d3 + frame) for the browser with esbuild
// and write one self-contained HTML file per notebook, plus the index, into notebooks/dist/. Figures only
// Node can measure (the lmdb state backend's checkpoints) are measured here and embedded.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { libraries } from '../../reports/assets.ts';
import { INDEX_FILE, NOTEBOOKS, notebookFile } from '../catalog.ts';
import { cspSafe } from './csp-safe.ts';
import { notebookIndexHtml } from './index-page.ts';
import { notebookHtml } from './shell.ts';
import type { BackendFigures } from './state-backend-figures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
export const NOTEBOOKS_DIST = join(ROOT, 'notebooks', 'dist');
/** The issue's budget for one page. */
export const PAGE_LIMIT = 2 * 1024 * 1024;

export interface BuiltPage {
  slug: string;
  path: string;
  /** The whole HTML file. */
  bytes: number;
  /** The page's own script: engines, d3, frame and notebook (the rest is Vega and the stylesheet). */
  bundleBytes: number;
}

/** Build every notebook and the index into `outDir`; returns the pages with their sizes (index last). */
export async function buildNotebooks(outDir = NOTEBOOKS_DIST): Promise<BuiltPage[]> {
  // Notebook 10 shows lmdb's checkpoint figures, which only Node can measure: measured now, embedded as a constant.
  const backends = await measureInChild();
  const result = await build({
    define: { STREAMLAB_STATE_BACKENDS: JSON.stringify(backends) },
    absWorkingDir: ROOT,
    entryPoints: NOTEBOOKS.map((m) => ({ in: join('notebooks', 'pages', m.slug, 'page.ts'), out: m.slug })),
    bundle: true,
    write: false,
    outdir: 'notebooks/dist/js',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    // No string-compiled code in the bundle: the pages' CSP has no 'unsafe-eval' (csp-safe.ts).
    plugins: [cspSafe],
    inject: [join('notebooks', 'build', 'prelude.ts')],
    logLevel: 'warning',
  });
  const bundles = new Map(result.outputFiles.map((f) => [basename(f.path, '.js'), f.text]));
  const libs = libraries();
  mkdirSync(outDir, { recursive: true });
  const pages: BuiltPage[] = NOTEBOOKS.map((m) => {
    const bundle = bundles.get(m.slug);
    if (bundle === undefined) throw new Error(`esbuild wrote no bundle for ${m.slug}`);
    const html = notebookHtml(m, libs, bundle);
    const path = resolve(outDir, notebookFile(m));
    writeFileSync(path, html);
    return { slug: m.slug, path, bytes: Buffer.byteLength(html), bundleBytes: Buffer.byteLength(bundle) };
  });
  const index = notebookIndexHtml();
  const indexPath = resolve(outDir, INDEX_FILE);
  writeFileSync(indexPath, index);
  pages.push({ slug: 'index', path: indexPath, bytes: Buffer.byteLength(index), bundleBytes: 0 });
  return pages;
}

/** The state backend figures, measured in a Node process of their own (see state-backend-figures-main.ts). */
async function measureInChild(): Promise<BackendFigures> {
  const script = join(ROOT, 'notebooks', 'build', 'state-backend-figures-main.ts');
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as BackendFigures;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} kB`;
}

/** One line per page: file, size, the page's own script, and whether it keeps under the 2 MB budget. */
export function sizeLines(pages: readonly BuiltPage[]): string[] {
  return pages.map(
    (p) =>
      `${basename(p.path).padEnd(28)} ${kb(p.bytes).padStart(8)}${p.bundleBytes ? `  (page script ${kb(p.bundleBytes)})` : ''}${p.bytes > PAGE_LIMIT ? '  OVER 2 MB' : ''}`,
  );
}
