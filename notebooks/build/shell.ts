// One notebook page as a single HTML file: a Content-Security-Policy that blocks every request, the
// stylesheet, Vega / Vega-Lite / Vega-Embed inlined (as the reports do), and the page's own bundle
// (the engines, d3 and the notebook frame). Pure: the caller passes the code in.
import { scriptSafe } from '../../reports/assets.ts';
import { esc } from '../../reports/html.ts';
import type { NotebookMeta } from '../catalog.ts';
import { NOTEBOOK_STYLE } from './style.ts';

/**
 * Scripts run inline; nothing else loads, and nothing compiles code from strings: Vega interprets its
 * expressions (embedOptions: no eval), and the bundle's Arrow builders and zod parsers are built without
 * `new Function` (csp-safe.ts), so there is no 'unsafe-eval', as in the reports.
 */
export const NOTEBOOK_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

export interface InlineScript {
  name: string;
  version: string;
  code: string;
}

export function notebookHtml(meta: NotebookMeta, libraries: readonly InlineScript[], bundle: string): string {
  const libs = libraries
    .map((l) => `<script data-library="${esc(l.name)}" data-version="${esc(l.version)}">${scriptSafe(l.code)}</script>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${NOTEBOOK_CSP}">
<title>${esc(`${meta.number}. ${meta.title}`)} — streamlab notebooks</title>
<style>${NOTEBOOK_STYLE}</style>
</head>
<body>
<noscript><p>This notebook runs the streamlab engines in your browser: it needs JavaScript. The question it answers: ${esc(meta.question)}</p></noscript>
${libs}
<script data-notebook="${esc(meta.slug)}">${scriptSafe(bundle)}</script>
</body>
</html>
`;
}
