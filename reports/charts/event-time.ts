// Event time vs processing time (Akidau, Streaming 101), made to scale: an overview of the whole run to
// brush (drag a rectangle; drag it to pan, double-click to reset), and one panel per engine that shows the
// brushed region — every event as density (re-binned to ~170 × 70 cells of the visible region, so it reads
// the same at any run length or zoom), the engine's watermark, each window result as a bar from window
// start to end at its emit time, and the records it dropped or sent to its late output in their own colours.
// Each panel is its own view, so its row can be hidden; runtime.ts links them to the overview's brush.
// Series come from the embedded result (usermeta), never copied into the page twice.
import type { TopLevelSpec } from 'vega-lite';
import { type EngineView, NEUTRAL } from '../engines.ts';
import { esc } from '../html.ts';
import { isEpoch } from '../time-format.ts';
import { type Chart, type ChartInput, CONFIG, NO_DATA, WIDTH } from './chart.ts';
import { eventTimeTable } from './event-time-table.ts';

/** Marks for records an engine did not count: dropped as late, or sent to its late side output. */
export const LATE_COLOURS = { dropped: '#b2182b', late: '#6a3d9a' } as const;
/** Density cells across and up the visible region. */
const BINS = { x: 170, y: 70 } as const;
/** Watermarks at or beyond this are "end of input" (Long.MAX_VALUE and the like): off the chart. */
const FAR = 8.64e15;

/** A layer, typed loosely: the render tests compile every spec with Vega-Lite, which checks what types cannot. */
type Layer = Record<string, unknown>;

export function eventTimeChart({ result, views }: ChartInput): Chart {
  const ok = views.filter((v): v is EngineView & { ok: NonNullable<EngineView['ok']> } => v.ok !== undefined);
  // Epoch event times (a file of real data) stay in ms on a UTC time axis; relative ones become seconds.
  const epoch = (result.events ?? []).some((e) => isEpoch(e.eventTime));
  const et = (ms: number) => (epoch ? ms : ms / 1000);
  const base: Omit<Chart, 'spec' | 'table'> = {
    id: 'event-time',
    title: 'Event time vs processing time',
    description:
      'Top: the whole run, each grey dot an event at its arrival (x) and its event time (y); dots below the diagonal arrived late. Drag a rectangle on it to zoom every panel below, drag the rectangle to pan, double-click to see everything again. ' +
      'One panel per engine: grey is the events’ density, the line its watermark, each coloured bar a window result drawn from window start to end at the moment it was emitted, red crosses the records it dropped as late and violet triangles those it sent to its late side output.',
    empty: NO_DATA,
  };
  const windows = ok.flatMap((v) => v.ok.series.windowResults ?? v.ok.series.emissions.flatMap((e) => (e.window ? [e.window] : [])));
  const times = result.events.map((e) => e.eventTime);
  if ((times.length === 0 && windows.length === 0) || ok.length === 0) return { ...base, spec: null, table: '' };
  const yLo = et(Math.min(...times, ...windows.map((w) => w.start)));
  const yHi = et(Math.max(...times, ...windows.map((w) => w.end)));
  const arrivals = [
    ...result.events.map((e) => e.arrival),
    ...ok.flatMap((v) => [
      ...v.ok.series.watermark.map((w) => w.t),
      ...(v.ok.series.windowResults ?? v.ok.series.emissions).map((r) => r.t),
    ]),
  ];
  const xHi = Math.ceil(Math.max(...arrivals, 1000) / 1000);
  const full = { x: [0, xHi], y: epoch ? [yLo, yHi] : [Math.floor(yLo), Math.ceil(yHi)] };
  const yType = epoch ? ('temporal' as const) : ('quantitative' as const);
  const yTitle = epoch ? 'event time (UTC)' : 'event time, s';
  const yFormat = epoch ? { type: 'temporal' as const, format: '%Y-%m-%d %H:%M:%S', formatType: 'utc' as const } : {};
  const toY = (field: string, as: string) => (epoch ? { calculate: `datum.${field}`, as } : { calculate: `datum.${field} / 1000`, as });
  const xEnc = (zoom: boolean, title: string | null = 'processing (arrival) time, s') => ({
    field: 't',
    type: 'quantitative' as const,
    title,
    scale: { domain: full.x, nice: false, zero: false, ...(zoom ? { domainRaw: { expr: 'zx' } } : {}) },
  });
  const yEnc = (zoom: boolean, field = 'y') => ({
    field,
    type: yType,
    title: yTitle,
    scale: {
      domain: full.y,
      nice: false,
      zero: false,
      ...(epoch ? { type: 'utc' as const } : {}),
      ...(zoom ? { domainRaw: { expr: 'zy' } } : {}),
    },
    ...(epoch ? { axis: { formatType: 'utc' as const } } : {}),
  });
  const lateLayer = (zoom: boolean, output: 'dropped' | 'late', size: number): Layer => ({
    data: { name: 'late' },
    name: output === 'dropped' ? 'dropped_records' : 'side_output_records',
    transform: [{ filter: { field: 'output', equal: output } }, { calculate: 'datum.t / 1000', as: 't' }, toY('eventTime', 'y')],
    mark: {
      type: 'point',
      shape: output === 'dropped' ? 'cross' : 'triangle-up',
      filled: true,
      size,
      color: LATE_COLOURS[output],
      opacity: 0.85,
      clip: true,
    },
    encoding: {
      x: xEnc(zoom),
      y: yEnc(zoom),
      tooltip: [
        { field: 't', title: output === 'dropped' ? 'dropped at, s' : 'to side output at, s' },
        { field: 'y', title: epoch ? 'event time' : 'event time, s', ...yFormat },
      ],
    },
  });

  // The overview: every sampled event, every engine's late records, and the brush.
  const overview: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${base.title}: the whole run`,
    config: CONFIG,
    usermeta: { fromResult: ['events'], lateOf: ok.map((v) => v.id) },
    title: { text: 'The whole run — drag to zoom the panels below', anchor: 'start', fontSize: 12, color: '#59636e', fontWeight: 500 },
    width: WIDTH,
    height: 150,
    layer: [
      {
        data: { name: 'events' },
        params: [{ name: 'brush', select: { type: 'interval', encodings: ['x', 'y'] } }],
        transform: [{ calculate: 'datum.arrival / 1000', as: 't' }, toY('eventTime', 'y')],
        mark: { type: 'point', filled: true, size: 4, opacity: 0.35, color: NEUTRAL },
        encoding: { x: xEnc(false), y: { ...yEnc(false), axis: { title: null, ...(epoch ? { formatType: 'utc' } : {}) } } },
      },
      lateLayer(false, 'dropped', 7),
      lateLayer(false, 'late', 7),
    ],
  } as unknown as TopLevelSpec;

  const panel = (v: (typeof ok)[number], last: boolean): TopLevelSpec =>
    ({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: `${base.title}: ${v.name}`,
      config: CONFIG,
      // zx, zy: the brushed region (null: everything), set by runtime.ts from the overview's brush.
      params: [
        { name: 'zx', value: null },
        { name: 'zy', value: null },
      ],
      usermeta: { fromResult: ['events'], fromEngine: { id: v.id, series: ['watermark', 'windowResults', 'late'] } },
      title: { text: v.name, color: v.colour, anchor: 'start', fontSize: 13 },
      width: WIDTH,
      height: ok.length > 2 ? 180 : 240,
      layer: [
        densityLayer(full, epoch, last),
        ...engineLayers(v, xEnc, yEnc, yFormat, toY, epoch),
        lateLayer(true, 'dropped', 28),
        lateLayer(true, 'late', 28),
      ],
    }) as unknown as TopLevelSpec;

  return {
    ...base,
    spec: overview,
    panels: ok.map((v, i) => ({
      id: `event-time-${i + 1}`,
      engine: v.id,
      label: v.name,
      colour: v.colour,
      spec: panel(v, i === ok.length - 1),
    })),
    legend: legendHtml(),
    table: eventTimeTable({ result, views }, epoch),
  };
}

/**
 * The sampled events inside the visible region, counted per cell of a BINS.x × BINS.y grid over it and drawn
 * one dot per occupied cell (darker: more events): the same density whatever the zoom or run length.
 */
function densityLayer(full: { x: number[]; y: number[] }, epoch: boolean, last: boolean): Layer {
  const x0 = `(zx ? zx[0] : ${full.x[0]})`;
  const x1 = `(zx ? zx[1] : ${full.x[1]})`;
  const y0 = `(zy ? zy[0] : ${full.y[0]})`;
  const y1 = `(zy ? zy[1] : ${full.y[1]})`;
  const dx = `max((${x1} - ${x0}) / ${BINS.x}, 1e-9)`;
  const dy = `max((${y1} - ${y0}) / ${BINS.y}, 1e-9)`;
  return {
    data: { name: 'events' },
    transform: [
      { calculate: 'datum.arrival / 1000', as: 't' },
      { calculate: epoch ? 'datum.eventTime' : 'datum.eventTime / 1000', as: 'y' },
      { filter: `datum.t >= ${x0} && datum.t <= ${x1} && datum.y >= ${y0} && datum.y <= ${y1}` },
      { calculate: `floor((datum.t - ${x0}) / ${dx})`, as: 'bx' },
      { calculate: `floor((datum.y - ${y0}) / ${dy})`, as: 'by' },
      { aggregate: [{ op: 'count', as: 'events' }], groupby: ['bx', 'by'] },
      { calculate: `${x0} + (datum.bx + 0.5) * ${dx}`, as: 't' },
      { calculate: `${y0} + (datum.by + 0.5) * ${dy}`, as: 'y' },
    ],
    mark: { type: 'point', filled: true, size: 9, color: '#8c8c8c', clip: true },
    encoding: {
      x: {
        field: 't',
        type: 'quantitative',
        title: last ? 'processing (arrival) time, s' : null,
        scale: { domain: full.x, nice: false, zero: false, domainRaw: { expr: 'zx' } },
      },
      y: {
        field: 'y',
        type: epoch ? 'temporal' : 'quantitative',
        title: epoch ? 'event time (UTC)' : 'event time, s',
        scale: { domain: full.y, nice: false, zero: false, ...(epoch ? { type: 'utc' } : {}), domainRaw: { expr: 'zy' } },
        ...(epoch ? { axis: { formatType: 'utc' } } : {}),
      },
      opacity: { field: 'events', type: 'quantitative', scale: { type: 'sqrt', range: [0.2, 0.8] }, legend: null },
      tooltip: [{ field: 'events', title: 'events here (of the sample)' }],
    },
  };
}

/** The engine's own layers: its watermark as a step line, its window results as bars from start to end. */
function engineLayers(
  v: EngineView,
  xEnc: (zoom: boolean) => Record<string, unknown>,
  yEnc: (zoom: boolean, field?: string) => Record<string, unknown>,
  yFormat: Record<string, unknown>,
  toY: (field: string, as: string) => Record<string, unknown>,
  epoch: boolean,
): Layer[] {
  const unit = epoch ? '' : ', s';
  return [
    {
      data: { name: 'watermark' },
      transform: [{ filter: `isFinite(datum.wm) && abs(datum.wm) < ${FAR}` }, { calculate: 'datum.t / 1000', as: 't' }, toY('wm', 'y')],
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, color: v.colour, clip: true },
      encoding: {
        x: xEnc(true),
        y: yEnc(true),
        tooltip: [
          { field: 't', title: 'at, s' },
          { field: 'y', title: `watermark${unit}`, ...yFormat },
        ],
      },
    },
    {
      data: { name: 'windowResults' },
      transform: [{ calculate: 'datum.t / 1000', as: 't' }, toY('start', 'y'), toY('end', 'y2')],
      mark: { type: 'rule', strokeWidth: 3, opacity: 0.75, color: v.colour, clip: true },
      encoding: {
        x: xEnc(true),
        y: yEnc(true),
        y2: { field: 'y2' },
        tooltip: [
          { field: 't', title: 'emitted at, s' },
          { field: 'y', title: `window start${unit}`, ...yFormat },
          { field: 'y2', title: `window end${unit}`, ...yFormat },
          { field: 'results', title: 'results (keys)' },
        ],
      },
    },
  ];
}

/** What the marks mean, in the page's own HTML (one legend for every panel). */
function legendHtml(): string {
  const item = (mark: string, text: string) => `<li>${mark} ${esc(text)}</li>`;
  return `<ul class="mark-legend" aria-label="marks">
${item(`<span class="dot" style="background:${NEUTRAL}"></span>`, 'events (density of the sample)')}
${item('<span class="line"></span>', 'the engine’s watermark')}
${item('<span class="bar"></span>', 'a window result: start to end, at its emit time')}
${item(`<span class="glyph" style="color:${LATE_COLOURS.dropped}">✕</span>`, 'dropped as late')}
${item(`<span class="glyph" style="color:${LATE_COLOURS.late}">▲</span>`, 'sent to the late side output')}
</ul>`;
}
