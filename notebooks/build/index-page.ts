// The notebooks' index (dist/index.html): the course in order, part by part, each notebook with the
// question it answers. Static: no script, so its policy allows nothing but its own style.
import { esc } from '../../reports/html.ts';
import { NOTEBOOKS, notebookFile, PARTS } from '../catalog.ts';
import { NOTEBOOK_STYLE } from './style.ts';

export function notebookIndexHtml(): string {
  const item = (m: (typeof NOTEBOOKS)[number]) =>
    `<li><a href="${esc(notebookFile(m))}"><strong>${m.number}. ${esc(m.title)}</strong></a><p class="question-small">${esc(m.question)}</p></li>`;
  const parts = PARTS.map((p) => ({ ...p, notebooks: NOTEBOOKS.filter((m) => m.number >= p.first && m.number <= p.last) }))
    .filter((p) => p.notebooks.length > 0)
    .map(
      (p) =>
        `<section class="part"><h2>${esc(p.title)}</h2>\n<ol class="course" start="${p.notebooks[0]!.number}">\n${p.notebooks.map(item).join('\n')}\n</ol></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>streamlab notebooks</title>
<style>${NOTEBOOK_STYLE}
main { max-width: 880px; }
.course { padding-left: 0; list-style: none; }
.part h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
.course li { margin: 0 0 1.1rem; padding: .6rem .9rem; border: 1px solid var(--rule); border-radius: 6px; }
.course a { font-size: 1.1rem; text-decoration: none; }
.question-small { margin: .3rem 0 0; color: #333; }
</style>
</head>
<body>
<main>
<p class="kicker">streamlab</p>
<h1>Notebooks: time, guarantees and costs in Flink, Spark and Storm</h1>
<p class="question">A course in ${NOTEBOOKS.length} pages, in order. Each one starts with a question, lets you predict what an engine will do, step it, and read which rule made it; the same engines as the lab run in your browser, beside the ground truth.</p>
<div id="notebooks">
${parts}
</div>
<footer>Every page is one self-contained file that makes no network requests. Rule keys (A6, B3, C3…) refer to SEMANTICS.md.</footer>
</main>
</body>
</html>
`;
}
