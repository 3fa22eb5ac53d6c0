// Notebook 9's tables and charts: what a reader of the external store sees (each row against the oracle,
// duplicates marked), every sink at every crash point, and the latency of committing on checkpoints.

import { cursorStep } from '../../lib/cursor-time.ts';
import type { CellValue } from '../../lib/dom.ts';
import { dataTable, fillTable, h } from '../../lib/dom.ts';
import { fmtValue, fmtWindow, secs } from '../../lib/format.ts';
import type { LedgerRow, LedgerSummary } from '../../lib/output-ledger.ts';
import type { Ctx, View } from '../../lib/types.ts';
import { vlView } from '../../lib/vl-view.ts';
import { CRASH_NAME, type Model, type P, SINK_NAME, SINKS, type SinkKind } from './scenario.ts';

/** The store's rows up to the stepper's moment. */
export function storeRows(ctx: Ctx<P, Model>): LedgerRow[] {
  const r = ctx.model.runs[ctx.values.sink as SinkKind];
  const step = cursorStep(r.run, ctx.cursor);
  const m = r.run.moments[ctx.cursor];
  if (!m) return [];
  const until = m.end ? Number.POSITIVE_INFINITY : r.run.stepTimes[step]!;
  return r.rows.filter((row) => row.time <= until);
}

export function rowCells(row: LedgerRow): CellValue[] {
  const reader =
    row.verdict === 'first'
      ? { text: 'new result' }
      : { text: row.verdict === 'duplicate' ? 'the same result again' : 'a changed result', cls: 'bad' };
  return [
    secs(row.time),
    fmtWindow(row.e.window),
    fmtValue(row.e.value),
    reader,
    row.matchesOracle ? { text: '= oracle', cls: 'ok' } : { text: `oracle: ${fmtValue(row.oracle)}`, cls: 'bad' },
  ];
}

export function summaryText(s: LedgerSummary): string {
  if (s.exact) return 'exact';
  const parts: string[] = [];
  if (s.duplicates) parts.push(`${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'}`);
  if (s.missing) parts.push(`${s.missing} missing`);
  if (s.wrong) parts.push(`${s.wrong} wrong`);
  return parts.join(', ');
}

export function storeView(): View<P, Model> {
  const note = h('p', { class: 'description', id: 'store-description' });
  const summary = h('p', { class: 'note', id: 'store-summary' });
  const table = dataTable('store-table', 'Rows visible in the external store, in the order they appeared', [
    'visible at',
    'window',
    'value',
    'a reader sees',
    'oracle',
  ]);
  return {
    id: 'store',
    mount(el) {
      el.append(
        h('h2', { id: 'h-store' }, 'What a reader of the store sees'),
        note,
        summary,
        h('div', { class: 'pair-table scroll' }, table),
      );
    },
    update(ctx) {
      const sink = ctx.values.sink as SinkKind;
      const r = ctx.model.runs[sink];
      note.textContent = `The ${SINK_NAME[sink]} sink, ${CRASH_NAME[ctx.values.crash as keyof typeof CRASH_NAME]}${ctx.values.crash === 'none' ? '' : ` at ${secs(ctx.values.crashAt)}`}. Each row is what the engine made visible; the oracle is every window computed once from the whole input.`;
      const rows = storeRows(ctx);
      fillTable(table, rows.map(rowCells), 'nothing visible yet');
      const end = ctx.cursor >= r.run.moments.length - 1;
      summary.textContent = end ? `At the end: ${summaryText(r.summary)} (${r.summary.rows} rows for ${r.run.oracle.length} windows).` : '';
      summary.className = `note ${end ? (r.summary.exact ? 'ok' : 'bad') : ''}`;
    },
  };
}

export function matrixView(): View<P, Model> {
  return vlView<P, Model>({
    id: 'matrix',
    title: 'Every sink at every crash point',
    description: (ctx) =>
      `The same job and the same crash time (${secs(ctx.values.crashAt)}), run once per sink and crash point on the engine: what a reader sees at the end, against the oracle.`,
    spec: (ctx) => ({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 220,
      height: 150,
      data: {
        values: ctx.model.matrix.flatMap((r) =>
          SINKS.map((s) => ({
            crash: CRASH_NAME[r.crash],
            sink: SINK_NAME[s],
            extra: r.sinks[s].duplicates + r.sinks[s].missing + r.sinks[s].wrong,
          })),
        ),
      },
      mark: 'rect',
      encoding: {
        x: { field: 'sink', type: 'nominal', sort: SINKS.map((s) => SINK_NAME[s]), title: null, axis: { labelAngle: 0 } },
        y: { field: 'crash', type: 'nominal', sort: ctx.model.matrix.map((r) => CRASH_NAME[r.crash]), title: null },
        color: {
          field: 'extra',
          type: 'quantitative',
          title: 'rows wrong, repeated or missing',
          scale: { scheme: 'reds', domainMin: 0 },
          legend: { orient: 'bottom', direction: 'horizontal', gradientLength: 160 },
        },
      },
    }),
    table: (ctx) => ({
      caption: 'At the end of the input',
      head: ['crash', ...SINKS.map((s) => SINK_NAME[s])],
      rows: ctx.model.matrix.map((r) => [
        CRASH_NAME[r.crash],
        ...SINKS.map((s): CellValue => ({ text: summaryText(r.sinks[s]), cls: r.sinks[s].exact ? 'ok' : 'bad' })),
      ]),
    }),
  });
}

export function latencyView(): View<P, Model> {
  return vlView<P, Model>({
    id: 'latency',
    title: 'The latency price of committing on checkpoints',
    description: (ctx) =>
      `How long after the window operator wrote a result it became visible, for each checkpoint interval (no crash). The two-phase-commit sink shows a result only when the next checkpoint completes (A10); the dashed rule is your interval, ${secs(ctx.values.interval)}.`,
    spec: (ctx) => ({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 380,
      height: 200,
      layer: [
        {
          data: { values: ctx.model.latency.map((l) => ({ interval: l.interval / 1000, sink: SINK_NAME[l.sink], delay: l.mean / 1000 })) },
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'interval', type: 'quantitative', title: 'checkpoint interval (s)' },
            y: { field: 'delay', type: 'quantitative', title: 'mean delay to visibility (s)' },
            color: { field: 'sink', type: 'nominal', sort: SINKS.map((s) => SINK_NAME[s]), title: null },
          },
        },
        {
          data: { values: [{ interval: ctx.values.interval / 1000 }] },
          mark: { type: 'rule', strokeDash: [4, 3], color: '#6e7781' },
          encoding: { x: { field: 'interval', type: 'quantitative' } },
        },
      ],
    }),
    table: (ctx) => ({
      caption: 'Delay from write to visibility',
      head: ['interval', 'sink', 'mean', 'max'],
      rows: ctx.model.latency.map((l) => [secs(l.interval), SINK_NAME[l.sink], secs(Math.round(l.mean)), secs(l.max)]),
    }),
  });
}
