// renderIndex: the lab's front page (reports/out/index.html) as a matrix — one row per scenario (its
// question as the label, its title linking to the report), one column per modelled system; each cell holds
// the scenario's entries of that system, coloured by correctness with the median latency inside, each a
// link to the report. Interrupted and stale results are marked on their row. Pure.
import { NOTEBOOKS, notebookFile } from '../notebooks/catalog.ts';
import type { Result } from '../scenarios/result.ts';
import { differingByOrigin } from './causes.ts';
import { type EngineView, engineViews } from './engines.ts';
import { titleOf } from './header.ts';
import { esc, fmtInt, fmtMs, fmtPct } from './html.ts';
import { INDEX_STYLE } from './index-style.ts';
import { criteriaOf, rank } from './ranking.ts';
import { STYLE } from './style.ts';

export interface IndexEntry {
  name: string;
  /** Link to the scenario's report, relative to the index page. */
  href: string;
  /** The scenario's result, or why there is none (the run failed). */
  result: Result | { error: string };
  /** Why the row needs a second look: its last run was interrupted, or the result is stale. */
  status?: { interrupted?: string; stale?: string };
}

/** Column order for the systems the lab models; any other system follows, by name. */
const SYSTEM_ORDER = ['Apache Flink', 'Spark Structured Streaming', 'Spark DStreams', 'Apache Storm'];

/** The interrupted / stale marks of a row, as small labelled notes. */
function marks(e: IndexEntry): string {
  const out: string[] = [];
  if (e.status?.interrupted) out.push(`<p class="mark interrupted"><strong>interrupted</strong> — ${esc(e.status.interrupted)}</p>`);
  if (e.status?.stale) out.push(`<p class="mark stale"><strong>stale</strong> — ${esc(e.status.stale)}</p>`);
  return out.join('');
}

/** The correctness class of an entry: exact; exact on every window due (some left open by the input's end); wrong (by share); not run. */
function grade(v: EngineView): { cls: string; words: string } {
  if (v.ok === undefined) return { cls: 'not-supported', words: 'not supported' };
  const { model, inputEnd } = differingByOrigin(v.ok);
  const windows = v.ok.correctness.windows;
  if (model === 0 && v.ok.correctness.duplicates === 0)
    return inputEnd === 0 ? { cls: 'exact', words: 'exact' } : { cls: 'exact-due', words: `exact; ${fmtInt(inputEnd)} open at end` };
  if (model === 0) return { cls: 'wrong-1', words: `exact; ${fmtInt(v.ok.correctness.duplicates)} duplicates` };
  // Of every window either side has: extra windows count too, so a share never passes 100 %.
  const all = Math.max(windows + v.ok.correctness.extra, 1);
  const share = model / all;
  const step = share < 0.05 ? 1 : share < 0.25 ? 2 : share < 0.75 ? 3 : 4;
  return { cls: `wrong-${step}`, words: `${fmtPct(model, all)} wrong` };
}

function chip(e: IndexEntry, v: EngineView, place: number | null, several: boolean): string {
  const g = grade(v);
  const l = v.ok?.latency.eventTime;
  const p50 = l && l.count > 0 ? `p50 ${fmtMs(l.p50)}` : v.ok ? 'no results' : '';
  const title = `${v.name}: ${g.words}${p50 ? `, ${p50}` : ''}${place !== null ? ` — ranks ${place}` : ''}${v.reason ? ` — ${v.reason}` : ''}`;
  const id = several || v.name.includes('(') ? `<span class="entry">${esc(v.id)}</span>` : '';
  return `<a class="chip ${g.cls}" href="${esc(e.href)}#decision" data-engine="${esc(v.id)}" title="${esc(title)}">${id}<span class="grade">${esc(g.words)}</span>${
    p50 ? `<span class="p50">${esc(p50)}</span>` : ''
  }</a>`;
}

function scenarioRow(e: IndexEntry, systems: readonly string[]): string {
  if ('error' in e.result) {
    return `<tr data-scenario="${esc(e.name)}" class="failed"><th scope="row"><span class="title">${esc(e.name)}</span>${marks(e)}</th><td colspan="${systems.length}"><span class="unsupported">no report: ${esc(e.result.error)}</span></td></tr>`;
  }
  const result = e.result;
  const views = engineViews(result);
  const places = new Map(rank(views, criteriaOf(result.scenario).criteria).map((r) => [r.view.id, r.place]));
  const s = result.scenario as { question?: unknown };
  const question = typeof s.question === 'string' ? s.question : '';
  const cells = systems.map((system) => {
    const mine = views.filter((v) => v.system === system);
    if (mine.length === 0)
      return `<td class="none" data-system="${esc(system)}" title="${esc(`this scenario does not run ${system}`)}">—</td>`;
    return `<td data-system="${esc(system)}">${mine.map((v) => chip(e, v, places.get(v.id) ?? null, mine.length > 1)).join('')}</td>`;
  });
  const cls = [e.status?.interrupted ? 'interrupted' : '', e.status?.stale ? 'stale' : ''].filter((c) => c !== '').join(' ');
  return `<tr data-scenario="${esc(e.name)}"${cls ? ` class="${cls}"` : ''}><th scope="row"><p class="row-question">${esc(question)}</p><a class="title" href="${esc(e.href)}">${esc(titleOf(result))}</a> <span class="kind">${esc(e.name)}</span>${marks(e)}</th>${cells.join('')}</tr>`;
}

export function renderIndex(entries: readonly IndexEntry[]): string {
  const present = new Set(entries.flatMap((e) => ('error' in e.result ? [] : engineViews(e.result).map((v) => v.system))));
  const systems = [...SYSTEM_ORDER.filter((s) => present.has(s)), ...[...present].filter((s) => !SYSTEM_ORDER.includes(s)).sort()];
  const rows = entries.map((e) => scenarioRow(e, systems)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>streamlab — scenario reports</title>
<style>${STYLE}${INDEX_STYLE}</style>
</head>
<body>
<main class="wide">
<p class="kicker">streamlab</p>
<h1>Scenarios × models</h1>
<p class="question">Each scenario asks one question of every model; each cell is one model’s answer against the ground truth, with its median event-time latency. Open a cell for the report: its decision first, then the evidence.</p>
<ul class="legend" aria-label="colours">
<li><span class="chip exact">exact</span> every window right</li>
<li><span class="chip exact-due">exact; open at end</span> every window that was due right; some still open when the input ended (not the model)</li>
<li><span class="chip wrong-2">wrong</span> windows wrong because of the model (darker: a larger share)</li>
<li><span class="chip not-supported">not supported</span> the model lacks what the job needs</li>
<li><span class="chip exact hatched">stale</span> hatched: the last run was interrupted, or the scenario changed since (see the row)</li>
</ul>
<div class="scroll">
<table class="matrix" id="matrix">
<caption>${entries.length} scenarios × ${systems.length} modelled systems</caption>
<thead><tr><th scope="col">question</th>${systems.map((s) => `<th scope="col" data-system="${esc(s)}">${esc(s)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
${notebooksSection()}
<footer>Generated by streamlab. Every report is one self-contained file that makes no network requests.</footer>
</main>
</body>
</html>
`;
}

/** The teaching notebooks `npm run lab` builds into notebooks/ beside the reports. */
function notebooksSection(): string {
  const items = NOTEBOOKS.map(
    (m) => `<li><a href="notebooks/${esc(notebookFile(m))}">${m.number}. ${esc(m.title)}</a>: ${esc(m.question)}</li>`,
  ).join('\n');
  return `<h2 id="notebooks">Teaching notebooks</h2>
<p class="question-small">The same engines in your browser, step by step, with the rule behind each step: <a href="notebooks/index.html">all notebooks</a>.</p>
<ol class="notebook-links">
${items}
</ol>`;
}
