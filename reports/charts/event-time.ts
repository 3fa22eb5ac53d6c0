// Event time vs processing time (Akidau, Streaming 101): every event at (arrival, event time), each
// engine's watermark as a line, and each window result as a vertical bar from window start to end at
// the moment it was emitted. Events are already an even sample (≤ 5,000) in result.json; the view
// aggregates results per (engine, emit time, window), so the chart stays legible at any size.
import type { TopLevelSpec } from 'vega-lite';
import { NEUTRAL } from '../engines.ts';
import { cell, fmtInt, num, rowHead, table, trim } from '../html.ts';
import { fmtDate, isEpoch } from '../time-format.ts';
import { type Chart, type ChartInput, CONFIG, NO_DATA, sec, WIDTH } from './chart.ts';

export function eventTimeChart({ result, views }: ChartInput): Chart {
  const ok = views.filter((v) => v.ok !== undefined);
  // Epoch event times (a file of real data) stay in ms on a UTC time axis; relative ones become seconds.
  const epoch = (result.events ?? []).some((e) => isEpoch(e.eventTime));
  const et = (ms: number) => (epoch ? ms : sec(ms));
  const events = (result.events ?? []).map((e) => ({ arrival: sec(e.arrival), eventTime: et(e.eventTime) }));
  const watermarks = ok.flatMap((v) =>
    (v.ok?.series?.watermark ?? []).filter((w) => Number.isFinite(w.wm)).map((w) => ({ engine: v.id, t: sec(w.t), wm: et(w.wm) })),
  );
  const results = ok.flatMap((v) =>
    (v.ok?.series?.emissions ?? []).flatMap((e) =>
      e.window ? [{ engine: v.id, t: sec(e.t), start: et(e.window.start), end: et(e.window.end) }] : [],
    ),
  );
  const base: Omit<Chart, 'spec' | 'table'> = {
    id: 'event-time',
    title: 'Event time vs processing time',
    description:
      'Each grey dot is an event: when it arrived (x) and when it happened (y); dots below the diagonal arrived late. ' +
      'One panel per engine: the line is its watermark, and each coloured bar a window result, drawn from window start to end at the moment the engine emitted it.',
    empty: NO_DATA,
  };
  if ((events.length === 0 && watermarks.length === 0 && results.length === 0) || ok.length === 0)
    return { ...base, spec: null, table: '' };
  const times = events.map((e) => e.eventTime);
  const lo = Math.min(...times, ...results.map((r) => r.start));
  const hi = Math.max(...times, ...results.map((r) => r.end));
  const yType = epoch ? ('temporal' as const) : ('quantitative' as const);
  const y = epoch
    ? { scale: { type: 'utc' as const, domain: [lo, hi], nice: false }, axis: { formatType: 'utc' as const } }
    : { scale: { domain: [Math.floor(lo), Math.ceil(hi)], nice: false } };
  const yTitle = epoch ? 'event time (UTC)' : 'event time, s';
  const yUnit = epoch ? '' : ', s';
  const xMax = Math.max(...events.map((e) => e.arrival), ...watermarks.map((w) => w.t), ...results.map((r) => r.t), 1);
  // One panel per engine (small multiples): with several engines on one plot the result bars hide each other.
  type Panel = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];
  const x = {
    field: 't',
    type: 'quantitative' as const,
    title: 'processing (arrival) time, s',
    scale: { domain: [0, Math.ceil(xMax)], nice: false },
  };
  const panel = (v: (typeof ok)[number], last: boolean): Panel => ({
    title: { text: v.id, color: v.colour, anchor: 'start', fontSize: 13 },
    width: WIDTH,
    height: ok.length > 2 ? 170 : 260,
    layer: [
      {
        data: { name: 'events' },
        transform: [
          { sample: 5000 },
          { calculate: 'datum.arrival / 1000', as: 'arrival' },
          ...(epoch ? [] : [{ calculate: 'datum.eventTime / 1000', as: 'eventTime' }]),
        ],
        mark: { type: 'point', filled: true, size: 6, opacity: 0.3, color: NEUTRAL, clip: true },
        encoding: {
          x: { ...x, field: 'arrival', ...(last ? {} : { axis: { title: null } }) },
          y: { field: 'eventTime', type: yType, title: yTitle, ...y },
        },
      },
      {
        data: { name: 'watermarks' },
        transform: [{ filter: { field: 'engine', equal: v.id } }],
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, color: v.colour, clip: true },
        encoding: {
          x,
          y: { field: 'wm', type: yType, ...y },
          tooltip: [
            { field: 't', title: 'at, s' },
            {
              field: 'wm',
              title: `watermark${yUnit}`,
              ...(epoch ? { type: 'temporal' as const, format: '%Y-%m-%d %H:%M:%S', formatType: 'utc' as const } : {}),
            },
          ],
        },
      },
      {
        data: { name: 'results' },
        transform: [
          { filter: { field: 'engine', equal: v.id } },
          { aggregate: [{ op: 'count', as: 'results' }], groupby: ['t', 'start', 'end'] },
        ],
        mark: { type: 'rule', strokeWidth: 3, opacity: 0.75, color: v.colour, clip: true },
        encoding: {
          x,
          y: { field: 'start', type: yType, ...y },
          y2: { field: 'end' },
          tooltip: [
            { field: 't', title: 'emitted at, s' },
            {
              field: 'start',
              title: `window start${yUnit}`,
              ...(epoch ? { type: 'temporal' as const, format: '%Y-%m-%d %H:%M:%S', formatType: 'utc' as const } : {}),
            },
            {
              field: 'end',
              title: `window end${yUnit}`,
              ...(epoch ? { type: 'temporal' as const, format: '%Y-%m-%d %H:%M:%S', formatType: 'utc' as const } : {}),
            },
            { field: 'results', title: 'results (keys)' },
          ],
        },
      },
    ],
  });
  const spec: TopLevelSpec | null =
    ok.length === 0
      ? null
      : {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          description: base.title,
          config: CONFIG,
          // The events are not copied into the spec: the page's script fills `events` from the embedded
          // result (usermeta.fromResult), which halves the size of a report.
          datasets: { watermarks, results },
          usermeta: { fromResult: ['events'] },
          vconcat: ok.map((v, i) => panel(v, i === ok.length - 1)),
          spacing: 18,
        };
  return { ...base, spec, table: eventTimeTable({ result, views }, events, epoch) };
}

/** Per arrival second: events, their event-time range, and per engine the watermark and results emitted. */
function eventTimeTable({ result, views }: ChartInput, events: Array<{ arrival: number; eventTime: number }>, epoch: boolean): string {
  // Event times: dates for epoch data (kept in ms), else seconds.
  const show = (t: number) => (epoch ? fmtDate(t) : `${trim(t, 3)} s`);
  const ok = views.filter((v) => v.ok !== undefined);
  const seconds = new Map<number, { n: number; lo: number; hi: number }>();
  for (const e of events) {
    const s = Math.floor(e.arrival);
    const b = seconds.get(s) ?? { n: 0, lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY };
    b.n++;
    b.lo = Math.min(b.lo, e.eventTime);
    b.hi = Math.max(b.hi, e.eventTime);
    seconds.set(s, b);
  }
  const perSecondOut = new Map<string, Map<number, number>>();
  for (const v of ok) perSecondOut.set(v.id, new Map((v.ok?.series?.perSecond ?? []).map((p) => [Math.floor(p.t / 1000), p.output])));
  const all = new Set<number>([...seconds.keys()]);
  for (const m of perSecondOut.values()) for (const s of m.keys()) all.add(s);
  const wmAt = (id: string, s: number): string => {
    const wms = views.find((v) => v.id === id)?.ok?.series?.watermark ?? [];
    let last: number | undefined;
    for (const w of wms) if (w.t < (s + 1) * 1000) last = w.wm;
    if (last === undefined || !Number.isFinite(last)) return '–';
    return epoch ? fmtDate(last) : trim(last / 1000, 3);
  };
  const sampled = result.events.length < result.input.events;
  const rows = [...all]
    .sort((a, b) => a - b)
    .map((s) => {
      const b = seconds.get(s);
      return {
        cells: [
          rowHead(`${s}–${s + 1} s`),
          num(b ? fmtInt(b.n) : '0'),
          cell(b ? (epoch ? `${show(b.lo)} – ${show(b.hi)}` : `${trim(b.lo, 3)} – ${trim(b.hi, 3)} s`) : '–', 'num'),
          ...ok.flatMap((v) => [num(wmAt(v.id, s)), num(fmtInt(perSecondOut.get(v.id)?.get(s) ?? 0))]),
        ],
      };
    });
  return table({
    caption: `Per second of arrival time: ${sampled ? `events in the even sample of ${fmtInt(result.events.length)} (of ${fmtInt(result.input.events)})` : 'events'}, their event times, each engine’s watermark at the end of the second (${epoch ? 'UTC' : 's'}) and results emitted.`,
    head: [
      cell('arrival'),
      num(sampled ? 'events (sample)' : 'events'),
      num('event time'),
      ...ok.flatMap((v) => [num(`${v.id} watermark`), num(`${v.id} results`)]),
    ],
    rows,
  });
}
