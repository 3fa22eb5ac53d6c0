// renderReport: result.json → one self-contained HTML page (no request of any kind; opens from file://).
//
//   Result ─► engineViews (system name and colour per engine) ─┬─► header, decision box (ranking, changes)
//                                               ├─► setup, the figures in words, summary table
//                                               ├─► charts/*.ts: Vega-Lite spec + data table each
//                                               ├─► differences table (+ inline filter)
//                                               ├─► recovery (only with faults or checkpoints)
//                                               └─► raw result as JSON  ──► HTML string
//
// Pure apart from reading the inlined libraries once (assets.ts). `normalized` swaps the libraries
// and the environment for placeholders, which is what the golden tests compare.
import type { Result } from '../scenarios/result.ts';
import { libraries, scriptSafe } from './assets.ts';
import type { Chart } from './charts/chart.ts';
import { correctnessCausesChart } from './charts/correctness-causes.ts';
import { correctnessOutcomesChart } from './charts/correctness-outcomes.ts';
import { eventTimeChart } from './charts/event-time.ts';
import { joinStateChart } from './charts/join-state.ts';
import { latencyPercentilesChart } from './charts/latency-percentiles.ts';
import { latencySeriesChart } from './charts/latency-series.ts';
import { recoveryTimelineChart } from './charts/recovery-timeline.ts';
import { throughputChart } from './charts/throughput.ts';
import { decisionBox } from './decision.ts';
import { differencesSection } from './differences.ts';
import { engineViews } from './engines.ts';
import { fileTablesSection } from './file-tables.ts';
import { ENV_PLACEHOLDER, header, setup, titleOf } from './header.ts';
import { esc, jsonForScript } from './html.ts';
import { joinPairsSection } from './join-pairs.ts';
import { rankRowsSection } from './rank-rows.ts';
import { recoveryEngines, recoveryTable } from './recovery.ts';
import { RUNTIME } from './runtime.ts';
import { statelessRecordsSection } from './stateless-records.ts';
import { STYLE } from './style.ts';
import { summaryTable } from './summary-table.ts';
import { verdictParagraphs } from './verdict.ts';

export interface RenderOptions {
  /** Replace the inlined libraries and the environment with placeholders (for golden files). */
  normalized?: boolean;
  /** SHA-256 (hex) of the result.json text the report belongs to: lets a directory's pair be checked. */
  resultDigest?: string;
}

export const LIBRARY_PLACEHOLDER = '/* library omitted from the normalized report */';

type Views = ReturnType<typeof engineViews>;

/** Every chart in page order, grouped under section headings; `show` hides a section, `after` follows its charts. */
const SECTIONS: Array<{
  id: string;
  title: string;
  charts: Array<(i: Parameters<typeof eventTimeChart>[0]) => Chart>;
  show?: (views: Views) => boolean;
  after?: (views: Views) => string;
}> = [
  { id: 'time', title: 'Event time vs processing time', charts: [eventTimeChart] },
  { id: 'latency', title: 'Latency', charts: [latencyPercentilesChart, latencySeriesChart] },
  { id: 'throughput', title: 'Throughput', charts: [throughputChart] },
  {
    id: 'correctness',
    title: 'Correctness',
    charts: [correctnessOutcomesChart, correctnessCausesChart],
    after: (views) =>
      // A stream join: its differences are pairs, told in words per model (join-pairs.ts).
      views.some((v) => v.ok?.join !== undefined)
        ? `<h3 id="join-pairs-heading">Pairs each model emitted and missed</h3>\n${joinPairsSection(views)}`
        : views.some((v) => v.ok?.stateless !== undefined)
          ? `<h3 id="stateless-records-heading">Records each model emitted and missed</h3>\n${statelessRecordsSection(views)}${fileTablesSection(views)}`
          : // A dedup, top-N or chained job: its differences are rows (rank-rows.ts).
            views.some((v) => v.ok?.rank !== undefined)
            ? `<h3 id="rank-rows-heading">Rows each model ended with and missed</h3>\n${rankRowsSection(views)}`
            : `<h3 id="differing-windows">Differing windows</h3>\n${differencesSection(views)}`,
  },
  {
    id: 'join-state',
    title: 'Join state',
    charts: [joinStateChart],
    show: (views) => views.some((v) => v.ok?.join !== undefined),
  },
  {
    id: 'recovery',
    title: 'Recovery',
    charts: [recoveryTimelineChart],
    show: (views) => recoveryEngines(views).length > 0,
    after: (views) =>
      `<h3 id="recovery-figures-heading">Lost, replayed and duplicated</h3>\n<div class="scroll">${recoveryTable(views)}</div>`,
  },
];

export function renderReport(result: Result, options: RenderOptions = {}): string {
  const normalized = options.normalized === true;
  const views = engineViews(result);
  const raw = normalized
    ? {
        ...result,
        environment: { node: ENV_PLACEHOLDER, commit: ENV_PLACEHOLDER, startedAt: ENV_PLACEHOLDER, mode: result.environment.mode },
      }
    : result;
  const sections = SECTIONS.filter((s) => s.show?.(views) ?? true)
    .map((s) => {
      const charts = s.charts.map((make) => chartBlock(make({ result, views }), s.charts.length > 1)).join('\n');
      const extra = s.after ? `\n${s.after(views)}` : '';
      return `<section id="section-${s.id}" aria-labelledby="h-${s.id}">\n<h2 id="h-${s.id}">${esc(s.title)}</h2>\n${charts}${extra}\n</section>`;
    })
    .join('\n');
  const libs = normalized
    ? `<script>${LIBRARY_PLACEHOLDER}</script>`
    : libraries()
        .map((l) => `<script data-library="${esc(l.name)}" data-version="${esc(l.version)}">${scriptSafe(l.code)}</script>`)
        .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">${options.resultDigest ? `\n<meta name="streamlab-result-sha256" content="${esc(options.resultDigest)}">` : ''}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(titleOf(result))} — streamlab</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${header(result)}
${decisionBox(result, views)}
${warningsSection(result)}${setup(result, views, normalized)}
<section id="section-verdict" aria-labelledby="h-verdict">
<h2 id="h-verdict">The figures in words</h2>
<div class="verdict" id="verdict">
${verdictParagraphs(result)
  .map((s) => `<p>${esc(s)}</p>`)
  .join('\n')}
</div>
</section>
<section id="section-summary" aria-labelledby="h-summary">
<h2 id="h-summary">Summary</h2>
<div class="scroll">${summaryTable(views)}</div>
</section>
${sections}
<section id="section-data" aria-labelledby="h-data">
<h2 id="h-data">Raw figures</h2>
<p>The complete result (schema ${esc(String(result.schema))}) is embedded in this page as JSON, for anyone who wants to re-plot it: <code>JSON.parse(document.getElementById('result-data').textContent)</code>.</p>
<script type="application/json" id="result-data">${jsonForScript(raw)}</script>
</section>
<footer>Generated by streamlab. Charts: Vega-Lite, inlined; this file makes no network requests.</footer>
</main>
${libs}
<script>${RUNTIME}</script>
</body>
</html>
`;
}

/** What the run warned about on stderr (latencies below zero, timestamps in another unit), shown first. */
function warningsSection(result: Result): string {
  const warnings = result.warnings ?? [];
  if (warnings.length === 0) return '';
  // Styled here, not in STYLE: a report without warnings stays byte-identical to its golden.
  return `<section id="section-warnings" class="warnings" aria-labelledby="h-warnings">
<style>.warnings { background: #fff7e6; border-left: 3px solid #f58518; padding: .3rem .9rem .5rem; margin: 1rem 0; } .warnings h2 { font-size: 1rem; margin: .4rem 0; }</style>
<h2 id="h-warnings">Warnings</h2>
<ul>
${warnings.map((w) => `<li>${esc(w)}</li>`).join('\n')}
</ul>
</section>
`;
}

/** A chart's heading, description, container (or its "no data" sentence), its linked panels, and its data table. */
function chartBlock(c: Chart, subheading: boolean): string {
  const h = subheading ? `<h3 id="h-${c.id}">${esc(c.title)}</h3>\n` : '';
  const figure = (id: string, label: string, spec: unknown, extra = '') =>
    `<figure class="chart" id="chart-${id}" role="img" aria-label="${esc(label)}" data-chart="${id}"${extra}><p class="fallback">This chart needs JavaScript; the table below holds the same figures.</p></figure>
<script type="application/json" data-chart="chart-${id}" id="spec-${id}">${jsonForScript(spec)}</script>`;
  const panels = c.panels ?? [];
  const toggles =
    panels.length > 1
      ? `<fieldset class="panel-toggles" id="toggles-${c.id}"><legend>Rows shown</legend>${panels
          .map(
            (p) =>
              `<label><input type="checkbox" checked data-panel="chart-${p.id}"> <span class="swatch" style="background:${p.colour}"></span>${esc(p.label)}</label>`,
          )
          .join('')}</fieldset>\n`
      : '';
  const body =
    c.spec === null
      ? `<p class="empty" id="chart-${c.id}-empty">${esc(c.empty)}</p>`
      : `${c.legend ?? ''}${toggles}${figure(c.id, c.title, c.spec)}${panels
          .map((p) => `\n${figure(p.id, `${c.title}: ${p.label}`, p.spec, ` data-linked="chart-${c.id}" data-engine="${esc(p.engine)}"`)}`)
          .join('')}`;
  const table =
    c.table === ''
      ? ''
      : `\n<details id="data-${c.id}"><summary>Data table: ${esc(c.title.toLowerCase())}</summary>\n<div class="scroll">${c.table}</div>\n</details>`;
  return `<div class="chart-block" id="block-${c.id}">\n${h}<p class="description">${esc(c.description)}</p>\n${body}${table}\n</div>`;
}
