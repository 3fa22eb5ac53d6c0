// The decision box at the top of a report: for the scenario's question, every model by its system's name
// with a one-line outcome (exact, or how many windows the model got wrong and why; latency p50 and p99),
// ranked by the scenario's criteria, then the changes the lab can compute or suggest. Pure.
import type { Result } from '../scenarios/result.ts';
import { causeCounts, causeLabel, differingByOrigin } from './causes.ts';
import { changes } from './changes.ts';
import type { EngineView, SupportedEngine } from './engines.ts';
import { esc, fmtInt, fmtMs } from './html.ts';
import { criteriaOf, criteriaSentence, duplicateWords, outcomeWords, type Ranked, rank } from './ranking.ts';

const BASIS = { computed: 'computed from this run’s data', suggestion: 'a suggestion' } as const;

/** Why the model's windows differ, briefly: "177 late, dropped (784 records); 2 (start, end] windows". */
function whyWords(e: SupportedEngine): string {
  return causeCounts(e)
    .filter(([c]) => c !== 'not-flushed')
    .map(
      ([c, n]) =>
        `${fmtInt(n)} ${causeLabel(c)}${c === 'late-dropped' && e.correctness.lateDropped > 0 ? ` (${fmtInt(e.correctness.lateDropped)} records)` : ''}`,
    )
    .join('; ');
}

function row(r: Ranked): string {
  const v = r.view;
  const name = `<span class="swatch" style="background:${v.colour}"></span><strong class="system">${esc(v.name)}</strong>`;
  const place = r.place === null ? '–' : String(r.place);
  const attrs = ` data-engine="${esc(v.id)}" data-system="${esc(v.system)}" data-place="${r.place ?? ''}"`;
  if (v.ok === undefined) {
    return `<tr class="unsupported-row"${attrs}><td class="place">${place}</td><th scope="row">${name}</th><td colspan="3"><span class="unsupported">not supported</span> — ${esc(v.reason)}</td></tr>`;
  }
  const e = v.ok;
  const { model, inputEnd } = differingByOrigin(e);
  const why = model > 0 ? whyWords(e) : '';
  const open =
    inputEnd > 0
      ? `<br><span class="input-end">+ ${fmtInt(inputEnd)} still open when the input ended (not flushed: the run’s end, not the model)</span>`
      : '';
  const l = e.latency.eventTime;
  const lat = (p: 'p50' | 'p99') => (l.count > 0 ? fmtMs(l[p]) : '–');
  return `<tr class="${model === 0 ? 'exact' : 'wrong'}"${attrs}><td class="place">${place}</td><th scope="row">${name}</th><td class="outcome">${esc(outcomeWords({ ok: e, noun: v.noun }))}${why ? `: ${esc(why)}` : ''}${esc(duplicateWords(e))}${open}</td><td class="num">${lat('p50')}</td><td class="num">${lat('p99')}</td></tr>`;
}

/** "Apache Flink (event-lateness) ranks first: exact …" — or the tie, or that nothing ran. */
function lead(ranked: readonly Ranked[]): string {
  const first = ranked.filter((r) => r.place === 1);
  if (first.length === 0) return 'No model could run this job.';
  const names = first.map((r) => r.view.name);
  const view = first[0]!.view;
  const e = view.ok!;
  const l = e.latency.eventTime;
  const figures = `${outcomeWords({ ok: e, noun: view.noun })}${duplicateWords(e)}${l.count > 0 ? `; p50 ${fmtMs(l.p50)}` : ''}`;
  // When even the first got windows wrong, say so before naming it.
  const none = differingByOrigin(e).model > 0 ? `No model got every ${view.noun[0]} right; ` : '';
  const verb =
    first.length === 1 ? `${names[0]} ${none ? 'comes closest' : 'ranks first'}` : `${names.join(' and ')} share the first place`;
  return `${none}${verb}: ${figures}.`;
}

export function decisionBox(result: Result, views: readonly EngineView[]): string {
  const { criteria, named } = criteriaOf(result.scenario);
  const ranked = rank(views, criteria);
  // What the ranked results are called: the first supported engine's noun (entries that override the window
  // or output mode may call theirs otherwise: each row's outcome uses its own, engines.ts resultNoun).
  const [one, many] = views.find((v) => v.ok !== undefined)?.noun ?? ['window', 'windows'];
  const apart =
    many === 'windows'
      ? 'Windows still open when the input ended are shown apart: they were not yet due, whatever the model.'
      : `Results not yet due when the input ended are shown apart: that is the run’s end, not the model.`;
  const list = changes(result, views);
  const items =
    list.length === 0
      ? `<p class="empty">No change to suggest: no model lost a ${one} the lab can attribute to a setting.</p>`
      : `<ul class="changes">\n${list
          .map(
            (c) =>
              `<li data-change="${esc(c.id)}" data-basis="${c.basis}"><span class="basis ${c.basis}">${esc(BASIS[c.basis])}</span> ${esc(c.text)}</li>`,
          )
          .join('\n')}\n</ul>`;
  return `<section id="decision" class="decision" aria-labelledby="h-decision">
<h2 id="h-decision">Decision</h2>
<p class="lead" id="decision-lead">${esc(lead(ranked))}</p>
<p class="criteria">${esc(criteriaSentence(criteria, named, many))} ${esc(apart)}</p>
<table class="ranking" id="ranking">
<caption>Each model on this workload, best first.</caption>
<thead><tr><th scope="col">#</th><th scope="col">model</th><th scope="col">outcome</th><th scope="col" class="num">p50</th><th scope="col" class="num">p99</th></tr></thead>
<tbody>
${ranked.map(row).join('\n')}
</tbody>
</table>
<h3 id="h-changes">What to change</h3>
${items}
</section>`;
}
