// The summary table: one column per engine, one row per figure (throughput, latency percentiles,
// correctness counts, recovery). Engines that did not run keep their column, marked "not supported".
import type { EngineView, SupportedEngine } from './engines.ts';
import { type Cell, esc, fmtInt, fmtMs, fmtNum } from './html.ts';

type Figure = { label: string; value: (e: SupportedEngine) => string };

const GROUPS: Array<{ group: string; rows: Figure[] }> = [
  {
    group: 'Throughput',
    rows: [
      { label: 'events in / s', value: (e) => fmtNum(e.throughput.inputPerSec) },
      { label: 'results out / s', value: (e) => fmtNum(e.throughput.outputPerSec) },
      { label: 'events / CPU-second', value: (e) => fmtNum(e.throughput.perCpuSec) },
    ],
  },
  {
    group: 'Event-time latency',
    rows: (['p50', 'p75', 'p95', 'p99', 'p999', 'max'] as const).map((p) => ({
      label: p === 'p999' ? 'p99.9' : p,
      value: (e: SupportedEngine) => (e.latency.eventTime.count > 0 ? fmtMs(e.latency.eventTime[p]) : '–'),
    })),
  },
  {
    group: 'Processing-time latency',
    rows: (['p50', 'p99', 'max'] as const).map((p) => ({
      label: p,
      value: (e: SupportedEngine) => (e.latency.processingTime.count > 0 ? fmtMs(e.latency.processingTime[p]) : '–'),
    })),
  },
  {
    group: 'Correctness (windows)',
    rows: [
      { label: 'exact', value: (e) => `${fmtInt(e.correctness.exact)} / ${fmtInt(e.correctness.windows)}` },
      { label: 'wrong', value: (e) => fmtInt(e.correctness.wrong) },
      { label: 'missing', value: (e) => fmtInt(e.correctness.missing) },
      { label: 'extra', value: (e) => fmtInt(e.correctness.extra) },
      { label: 'duplicates', value: (e) => fmtInt(e.correctness.duplicates) },
      { label: 'updates', value: (e) => fmtInt(e.correctness.updates) },
      { label: 'late records dropped', value: (e) => fmtInt(e.correctness.lateDropped) },
      { label: 'late records to side output', value: (e) => fmtInt(e.correctness.lateSideOutput) },
    ],
  },
  {
    group: 'Recovery',
    rows: [
      { label: 'faults', value: (e) => fmtInt(e.recovery.faults) },
      { label: 'downtime', value: (e) => fmtMs(e.recovery.downtimeMs) },
      { label: 'back to normal latency', value: (e) => fmtMs(e.recovery.recoveryMs) },
      { label: 'records replayed', value: (e) => fmtInt(e.recovery.replayed) },
      { label: 'results lost', value: (e) => fmtInt(e.recovery.lost) },
      { label: 'results duplicated', value: (e) => fmtInt(e.recovery.duplicated) },
    ],
  },
  {
    group: 'Resources',
    rows: [
      {
        label: 'peak managed state (entries)',
        value: (e) => (e.resources?.peakStateEntries == null ? 'none kept' : fmtInt(e.resources.peakStateEntries)),
      },
    ],
  },
];

export function summaryTable(views: readonly EngineView[]): string {
  const headCell = (v: EngineView): string =>
    `<th scope="col" class="num"><span class="swatch" style="background:${v.colour}"></span>${esc(v.name)}${
      v.ok ? '' : `<br><span class="unsupported">not supported: ${esc(v.reason)}</span>`
    }</th>`;
  const td = (c: Cell) => `<td class="${c.cls ?? ''}">${c.html}</td>`;
  // A stream join (issue 18): its results are pairs, its latency is per pair.
  const join = views.some((v) => v.ok?.join !== undefined);
  const stateless = views.some((v) => v.ok?.stateless !== undefined);
  // A dedup, top-N or chained job: its results are the rows its output ends with.
  const rank = views.find((v) => v.ok?.rank !== undefined)?.ok?.rank;
  const caption = join
    ? 'Engines side by side. Latency is emit time minus the later event time of the pair’s two records; processing-time latency is emit time minus the later one’s arrival.'
    : stateless
      ? 'Engines side by side. Latency is emit time minus the event time of the record’s input; processing-time latency is emit time minus its arrival.'
      : rank && rank.construct !== 'perWindow'
        ? 'Engines side by side, over the rows each output ends with. Latency is the emit time of a final row minus its record’s event time; processing-time latency is the same minus its record’s arrival.'
        : 'Engines side by side. Latency is emit time minus the latest event time in the window; processing-time latency is emit time minus ingest time.';
  const body = GROUPS.map(
    (g) =>
      `<tr class="group"><th scope="rowgroup" colspan="${views.length + 1}">${esc(join ? g.group.replace('(windows)', '(pairs)') : stateless ? g.group.replace('(windows)', '(records)') : rank ? g.group.replace('(windows)', '(rows)') : g.group)}</th></tr>\n` +
      g.rows
        .map(
          (f) =>
            `<tr><th scope="row">${esc(f.label)}</th>${views.map((v) => td(v.ok ? { html: esc(f.value(v.ok)), cls: 'num' } : { html: 'n/a', cls: 'num na' })).join('')}</tr>`,
        )
        .join('\n'),
  ).join('\n');
  return `<table id="summary" class="summary">
<caption>${caption}</caption>
<thead><tr><th scope="col">figure</th>${views.map(headCell).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}
