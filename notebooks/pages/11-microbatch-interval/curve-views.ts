// Notebook 11's charts: Spark's p50 / p99 latency and throughput against the micro-batch interval (the
// slider's point marked), Flink and Storm on the same axes as rules (they have no interval); and the DStream
// windows with and without the inverse reduce, window by window.
import { type CellValue, dataTable, fillTable, h } from '../../lib/dom.ts';
import { secs } from '../../lib/format.ts';
import type { View } from '../../lib/types.ts';
import { vlView } from '../../lib/vl-view.ts';
import { DSTREAM_INTERVAL, dstreamRows } from './dstream.ts';
import type { Latency, Model, P } from './scenario.ts';

const ms = (v: number | null) => (v === null ? '–' : secs(v));
const rps = (v: number | null) => (v === null ? 'unbounded (no cost)' : `${Math.round(v)} rows/s`);

export function curveRows(m: Model): Array<{ who: string; interval: number | null; l: Latency }> {
  return [
    ...m.sweep.map((s) => ({ who: 'Spark', interval: s.interval, l: s as Latency })),
    { who: 'Flink', interval: null, l: m.flink },
    { who: 'Storm', interval: null, l: m.storm },
  ];
}

export function curveView(): View<P, Model> {
  return vlView<P, Model>({
    id: 'curve',
    title: 'Latency and throughput against the interval',
    description: (ctx) =>
      `Spark at each interval (the dot is yours, ${secs(ctx.values.interval)}): the p50 and p99 time from a row’s arrival to its result, and the rows per second of processing the engine was busy, which is what it could sustain at that batch size. Flink and Storm process each record as it comes (${ctx.values.recordCost} and ${ctx.values.tupleCost} ms each): no interval, so a horizontal rule. All on the virtual clock with the costs you set; “rows still waiting” means the run ended before their batch.`,
    spec: (ctx) => {
      const m = ctx.model;
      const spark = m.sweep.flatMap((s) => [
        { interval: s.interval / 1000, what: 'p50', v: s.p50 === null ? null : s.p50 / 1000, mine: s.interval === ctx.values.interval },
        { interval: s.interval / 1000, what: 'p99', v: s.p99 === null ? null : s.p99 / 1000, mine: s.interval === ctx.values.interval },
      ]);
      const rules = (f: (l: Latency) => number | null) => [
        { who: 'Flink', v: f(m.flink) },
        { who: 'Storm', v: f(m.storm) },
      ];
      const panel = (title: string, values: object[], ruleValues: object[], y: string, scale: string) => ({
        width: 420,
        height: 140,
        layer: [
          {
            data: { values },
            mark: { type: 'line', point: true },
            encoding: {
              x: { field: 'interval', type: 'quantitative', title: 'micro-batch interval (s)' },
              y: { field: 'v', type: 'quantitative', title: y, scale: { type: scale } },
              color: { field: 'what', type: 'nominal', title: 'Spark' },
            },
          },
          {
            data: { values: values.filter((v) => (v as { mine: boolean }).mine) },
            mark: { type: 'point', size: 140, filled: true, color: '#b42318' },
            encoding: { x: { field: 'interval', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' } },
          },
          {
            data: { values: ruleValues },
            mark: { type: 'rule', strokeDash: [5, 3] },
            encoding: {
              y: { field: 'v', type: 'quantitative' },
              stroke: { field: 'who', type: 'nominal', title: null, scale: { range: ['#7b3fb5', '#0f766e'] } },
            },
          },
        ],
        title,
        resolve: { scale: { color: 'independent', stroke: 'independent' } },
      });
      return {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        vconcat: [
          panel(
            'latency',
            spark,
            rules((l) => (l.p50 === null ? null : l.p50 / 1000)),
            'latency (s)',
            'symlog',
          ),
          panel(
            'throughput',
            m.sweep.map((s) => ({
              interval: s.interval / 1000,
              what: 'rows/s',
              v: s.throughput,
              mine: s.interval === ctx.values.interval,
            })),
            rules((l) => l.throughput),
            'rows per busy second',
            'linear',
          ),
        ],
      };
    },
    table: (ctx) => ({
      caption: 'Each point of the curve',
      head: ['engine', 'interval', 'p50', 'p99', 'throughput', 'rows with a result'],
      rows: curveRows(ctx.model).map((r): CellValue[] => [
        r.who,
        r.interval === null ? '–' : `${secs(r.interval)}${r.interval === ctx.values.interval ? ' ◀' : ''}`,
        ms(r.l.p50),
        ms(r.l.p99),
        rps(r.l.throughput),
        r.l.done === ctx.model.events.length
          ? String(r.l.done)
          : { text: `${r.l.done} (${ctx.model.events.length - r.l.done} still waiting)`, cls: 'bad' },
      ]),
    }),
  });
}

export function dstreamView(): View<P, Model> {
  const note = h('p', { class: 'description', id: 'dstream-description' });
  const table = dataTable('dstream-table', 'reduceByKeyAndWindow, window by window', [
    'window ends',
    'batches in it',
    'key',
    'count (+ only)',
    'count (+ and −)',
  ]);
  return {
    id: 'dstream',
    mount(el) {
      el.append(
        h('h2', { id: 'h-dstream' }, 'DStream windows and the inverse reduce'),
        note,
        h('div', { class: 'pair-table scroll' }, table),
      );
    },
    update(ctx) {
      const p = ctx.values;
      const len = p.winBatches * DSTREAM_INTERVAL;
      note.textContent = `Spark’s older API windows over batch time, not event time: every ${secs(p.slideBatches * DSTREAM_INTERVAL)} the last ${p.winBatches} batches of 1 s (B8). With an inverse function Spark computes a window from the previous one, adding the batches that came in and subtracting those that left; a key whose count falls to 0 stays in the result as (key, 0) (marked). Keys: a all along, b until 5 s, c until 2 s.`;
      const rows = dstreamRows(ctx.model.dstream);
      fillTable(
        table,
        rows.map((r) => {
          const batches = [];
          for (let t = Math.max(DSTREAM_INTERVAL, r.end - len + DSTREAM_INTERVAL); t <= r.end; t += DSTREAM_INTERVAL)
            batches.push(`${t / 1000}`);
          return [
            secs(r.end),
            batches.join(', '),
            r.key,
            r.plain === null ? '–' : String(r.plain),
            r.inverse === null ? '–' : { text: String(r.inverse), cls: r.inverse === 0 && r.plain === null ? 'bad' : undefined },
          ];
        }),
      );
      const body = table.tBodies[0]!;
      [...body.rows].forEach((tr, i) => {
        const r = rows[i];
        if (r && r.inverse === 0 && r.plain === null) tr.classList.add('zero-key');
      });
    },
  };
}
