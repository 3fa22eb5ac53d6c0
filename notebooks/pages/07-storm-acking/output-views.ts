// Notebook 7's outputs: the sink's count per word against the oracle (a replay counts words again, a kill
// loses the bolt's counts), and the same words through Storm's windowed bolt, whose message timeout must
// exceed its window's length + slide, where a crash of the bolts makes windows fire again or come up short.

import type { CellValue } from '../../lib/dom.ts';
import { mainOutputs } from '../../lib/drive.ts';
import { fmtValue, fmtWindow } from '../../lib/format.ts';
import { ledger, summarize } from '../../lib/output-ledger.ts';
import type { Ctx, View } from '../../lib/types.ts';
import { vlView } from '../../lib/vl-view.ts';
import { type Model, type P, WINDOW } from './scenario.ts';
import { cursorTime } from './tree-view.ts';

/** Per word: the sink's latest count by time t, and the oracle's. */
export function sinkRows(ctx: Ctx<P, Model>): Array<{ word: string; sink: number | null; oracle: number }> {
  const t = cursorTime(ctx);
  const latest = new Map<string, number>();
  for (const s of ctx.model.topo.seen) if (s.kind === 'sink' && s.t <= t) latest.set(s.word, s.count);
  return [...ctx.model.oracle]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([word, oracle]) => ({ word, sink: latest.get(word) ?? null, oracle }));
}

function difference(sink: number | null, oracle: number, end: boolean): CellValue {
  const d = (sink ?? 0) - oracle;
  if (d === 0) return { text: '= oracle', cls: 'ok' };
  if (d > 0) return { text: `+${d}: counted again`, cls: 'bad' };
  return end ? { text: `${d}: never counted`, cls: 'bad' } : { text: `${d} so far` };
}

export function sinkView(): View<P, Model> {
  return vlView<P, Model>({
    id: 'sink',
    title: 'What the sink shows, against the oracle',
    description:
      'The count bolt keeps a count per word in memory and sends every new count to the sink, which keeps the latest. A replayed sentence is counted again by every bolt that had already processed it; a killed count bolt starts again from 0. The oracle counts every word of the input once.',
    spec: (ctx) => ({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 380,
      height: 180,
      data: {
        values: sinkRows(ctx).flatMap((r) => [
          { word: r.word, who: 'sink', n: r.sink ?? 0 },
          { word: r.word, who: 'oracle', n: r.oracle },
        ]),
      },
      mark: 'bar',
      encoding: {
        x: { field: 'word', type: 'nominal', title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'who', sort: ['sink', 'oracle'] },
        y: { field: 'n', type: 'quantitative', title: 'count' },
        color: { field: 'who', type: 'nominal', title: null, sort: ['sink', 'oracle'], scale: { range: ['#4e79a7', '#8b949e'] } },
      },
    }),
    table: (ctx) => ({
      caption: 'Count per word',
      head: ['word', 'sink', 'oracle', 'difference'],
      rows: sinkRows(ctx).map((r) => [
        r.word,
        r.sink === null ? '–' : String(r.sink),
        String(r.oracle),
        difference(r.sink, r.oracle, ctx.cursor >= ctx.model.main.moments.length - 1),
      ]),
    }),
  });
}

export function windowedView(): View<P, Model> {
  return vlView<P, Model>({
    id: 'windowed',
    title: 'The windowed bolt: the timeout against the window',
    description: (ctx) => {
      const run = ctx.model.windowed;
      if (run.error) return `Storm refuses this topology at prepare: ${run.error.message}`;
      const s = summarize(ledger(mainOutputs(run), run.oracle), run.oracle);
      return `The same words through BaseWindowedBolt, counted per word in ${WINDOW / 1000} s tumbling windows. Its tuples are acked only when they leave the window (length + slide = ${(2 * WINDOW) / 1000} s), so the message timeout must be longer (C3); ${ctx.values.killAt > 0 ? 'the kill crashes every bolt: windows in memory are gone and their tuples time out and replay' : 'set a kill time to crash the bolts'}. At the end: ${s.exact ? 'every window equals the oracle' : `${s.duplicates} window result(s) again, ${s.missing} missing, ${s.wrong} wrong`}.`;
    },
    spec: (ctx) => {
      const run = ctx.model.windowed;
      if (run.error) return null;
      // Everything written per window (a window written twice counts twice), against the oracle's total.
      const values = [
        ...mainOutputs(run).map((o) => ({ window: fmtWindow(o.e.window, '(]'), who: 'written by Storm', n: Number(o.e.value) })),
        ...run.oracle.map((o) => ({ window: fmtWindow(o.window, '(]'), who: 'oracle', n: Number(o.value) })),
      ];
      return {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: 380,
        height: 160,
        data: { values },
        mark: 'bar',
        encoding: {
          x: { field: 'window', type: 'nominal', title: null, axis: { labelAngle: 0 } },
          xOffset: { field: 'who' },
          y: { aggregate: 'sum', field: 'n', type: 'quantitative', title: 'words counted' },
          color: { field: 'who', type: 'nominal', title: null, scale: { range: ['#8b949e', '#4e79a7'] } },
        },
      };
    },
    table: (ctx) => {
      const run = ctx.model.windowed;
      return {
        caption: 'Window results in emission order',
        head: ['window', 'word', 'count', 'written', 'oracle'],
        rows: run.error
          ? []
          : ledger(mainOutputs(run), run.oracle).map((r) => [
              fmtWindow(r.e.window, '(]'),
              String(r.e.key),
              fmtValue(r.e.value),
              r.verdict === 'first' ? 'first' : { text: `again (${r.verdict})`, cls: 'bad' },
              r.matchesOracle ? { text: '= oracle', cls: 'ok' } : { text: `oracle: ${fmtValue(r.oracle)}`, cls: 'bad' },
            ]),
      };
    },
  });
}
