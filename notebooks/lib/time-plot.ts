// The event-time × processing-time picture (d3), after the Streaming Systems figures: each event at
// (event time, arrival), the ideal diagonal, one watermark line per input and the operator's (their
// minimum), window panes that appear when they fire, late events marked by fate, the oracle on top.
// Events can be dragged (or moved with the arrow keys) along processing time.
import {
  axisBottom,
  axisLeft,
  drag,
  line,
  scaleLinear,
  select,
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolTriangle,
} from 'd3';
import { MAX_TIME, MIN_TIME } from '../../engines/core/time.ts';
import { type EventFate, FATE_LABEL, type Fate } from './fates.ts';
import { secs } from './format.ts';
import type { Run } from './run.ts';
import type { NbEvent } from './workload.ts';

export interface PlotLine {
  name: string;
  points: Array<{ y: number; wm: number | null }>;
  /** The operator's own watermark (thick) rather than one input's. */
  main?: boolean;
}

export interface Pane {
  start: number;
  end: number;
  y: number;
  label: string;
  again: boolean;
  key: string;
}

export interface PlotInput {
  run: Run;
  events: readonly NbEvent[];
  fates: ReadonlyMap<number, EventFate>;
  /** Processing time (ms) or moment number, per the y mode; the "now" line. */
  now: number | null;
  yMode: 'time' | 'step';
  yMax: number;
  /** y of each event (its arrival, or the moment it was added). */
  yOf(e: NbEvent): number;
  lines: PlotLine[];
  panes: Pane[];
  /** Processing-time windows: horizontal bands. */
  bands: Pane[];
  oracle: Array<{ start: number; end: number; label: string; match: boolean | null }> | null;
  draggable: boolean;
  onMove(id: number, arrival: number): void;
}

const W = 660;
const H = 430;
const M = { top: 44, right: 18, bottom: 42, left: 58 };

const SHAPE: Record<Fate, typeof symbolCircle> = {
  'not-arrived': symbolCircle,
  waiting: symbolCircle,
  arrived: symbolCircle,
  'on-time': symbolCircle,
  updated: symbolDiamond,
  'side-output': symbolTriangle,
  dropped: symbolCross,
  'never-emitted': symbolCircle,
};

export function drawTimePlot(svgEl: SVGSVGElement, p: PlotInput): void {
  const svg = select(svgEl).attr('viewBox', `0 0 ${W} ${H}`).attr('width', W).attr('height', H);
  svg.selectAll('*').remove();
  const ts = p.events.map((e) => e.ts);
  const edges = [...p.panes, ...(p.oracle ?? [])].flatMap((w) => [w.start, w.end]).filter((v) => v > MIN_TIME && v < MAX_TIME);
  const lo = Math.min(0, ...ts, ...edges);
  const hi = Math.max(1000, ...ts, ...edges.filter((v) => v <= Math.max(1000, ...ts) * 2 + 2000));
  const x = scaleLinear()
    .domain([lo, hi])
    .range([M.left, W - M.right])
    .nice();
  const y = scaleLinear()
    .domain([0, Math.max(1, p.yMax)])
    .range([H - M.bottom, M.top + 8]);
  const [x0, x1] = x.domain() as [number, number];
  const clampX = (v: number) => Math.max(x0, Math.min(x1, v));
  const sec = (v: number) => `${Number((v / 1000).toFixed(1))}`;

  svg
    .append('g')
    .attr('class', 'axis x')
    .attr('transform', `translate(0,${H - M.bottom})`)
    .call(
      axisBottom(x)
        .ticks(8)
        .tickFormat((v) => sec(Number(v))),
    );
  svg
    .append('g')
    .attr('class', 'axis y')
    .attr('transform', `translate(${M.left},0)`)
    .call(
      p.yMode === 'time'
        ? axisLeft(y)
            .ticks(8)
            .tickFormat((v) => sec(Number(v)))
        : axisLeft(y).ticks(Math.min(10, p.yMax)),
    );
  svg
    .append('text')
    .attr('class', 'axis-title')
    .attr('x', (M.left + W - M.right) / 2)
    .attr('y', H - 6)
    .attr('text-anchor', 'middle')
    .text('event time (s)');
  svg
    .append('text')
    .attr('class', 'axis-title')
    .attr('transform', `translate(14,${(M.top + H - M.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(p.yMode === 'time' ? 'processing time (s)' : 'trace step');

  // Processing-time windows: bands along the processing axis, labelled with their result.
  const bands = svg.append('g').attr('class', 'bands');
  const bandStarts = [...new Set(p.bands.map((b) => b.start))].sort((a, b) => a - b);
  for (const b of p.bands) {
    const top = y(Math.min(b.end, p.yMax));
    const bottom = y(Math.max(0, b.start));
    const odd = bandStarts.indexOf(b.start) % 2 === 1;
    bands
      .append('rect')
      .attr('class', `band${odd ? ' odd' : ''}${b.again ? ' again' : ''}`)
      .attr('x', M.left)
      .attr('width', W - M.left - M.right)
      .attr('y', top)
      .attr('height', Math.max(1, bottom - top));
    bands
      .append('line')
      .attr('class', 'band-end')
      .attr('x1', M.left)
      .attr('x2', W - M.right)
      .attr('y1', top)
      .attr('y2', top);
    bands
      .append('text')
      .attr('class', 'pane-label band-label')
      .attr('x', W - M.right - 4)
      .attr('y', top + 12)
      .attr('text-anchor', 'end')
      .text(`${b.key}${b.label}`);
  }

  if (p.yMode === 'time') {
    const d = Math.min(x1, p.yMax);
    svg
      .append('line')
      .attr('class', 'ideal')
      .attr('x1', x(Math.max(0, x0)))
      .attr('y1', y(Math.max(0, x0)))
      .attr('x2', x(d))
      .attr('y2', y(d));
    svg
      .append('text')
      .attr('class', 'ideal-label')
      .attr('x', x(d) - 4)
      .attr('y', y(d) - 6)
      .attr('text-anchor', 'end')
      .text('ideal: processed when it happens');
  }

  // Panes: a light column up to the moment a window fired, and a bar with its value at that moment.
  const panes = svg.append('g').attr('class', 'panes');
  const stack = new Map<number, number>();
  for (const w of p.panes) {
    const row = stack.get(w.y) ?? 0;
    stack.set(w.y, row + 1);
    const left = x(clampX(w.start));
    const width = Math.max(2, x(clampX(w.end)) - left - 1);
    const top = y(w.y) - 8 - row * 15;
    panes
      .append('rect')
      .attr('class', 'pane-column')
      .attr('x', left)
      .attr('width', width)
      .attr('y', top)
      .attr('height', Math.max(0, y(0) - top));
    const g = panes
      .append('g')
      .attr('class', `pane${w.again ? ' again' : ''}`)
      .attr('data-window', `${w.start},${w.end}`);
    g.append('rect').attr('x', left).attr('width', width).attr('y', top).attr('height', 14).attr('rx', 2);
    g.append('text')
      .attr('class', 'pane-label')
      .attr('x', left + 3)
      .attr('y', top + 10.5)
      .text(`${w.key}${w.label}`);
  }

  if (p.oracle && p.oracle.length > 0) {
    const o = svg.append('g').attr('class', 'oracle');
    o.append('text')
      .attr('class', 'oracle-title')
      .attr('x', M.left)
      .attr('y', 12)
      .text('oracle (final value of each window over the whole input)');
    for (const w of p.oracle) {
      const left = x(clampX(w.start));
      const width = Math.max(2, x(clampX(w.end)) - left - 1);
      const cls = w.match === null ? '' : w.match ? ' match' : ' differs';
      o.append('rect').attr('class', `oracle-box${cls}`).attr('x', left).attr('width', width).attr('y', 18).attr('height', 16);
      o.append('text')
        .attr('class', 'pane-label')
        .attr('x', left + 3)
        .attr('y', 30)
        .text(w.label);
    }
  }

  const lines = svg.append('g').attr('class', 'watermarks');
  p.lines.forEach((l, i) => {
    const pts: Array<[number, number]> = [];
    l.points.forEach((pt, j) => {
      if (pt.wm === null || pt.wm <= MIN_TIME) return;
      const next = l.points[j + 1];
      const xv = x(clampX(pt.wm >= MAX_TIME ? x1 : pt.wm));
      pts.push([xv, y(pt.y)]);
      if (next) pts.push([xv, y(next.y)]);
    });
    if (pts.length === 0) return;
    lines
      .append('path')
      .attr('class', l.main ? 'wm main' : `wm input input-${i % 4}`)
      .attr('d', line()(pts) ?? '');
    const last = pts[pts.length - 1]!;
    lines
      .append('text')
      .attr('class', l.main ? 'wm-label main' : `wm-label input-${i % 4}`)
      .attr('x', Math.min(last[0] + 4, W - M.right - 60))
      .attr('y', last[1] - 4 - (l.main ? 0 : 11 * (i + 1)))
      .text(l.name);
  });

  if (p.now !== null) {
    svg
      .append('line')
      .attr('class', 'now')
      .attr('x1', M.left)
      .attr('x2', W - M.right)
      .attr('y1', y(p.now))
      .attr('y2', y(p.now));
    svg
      .append('text')
      .attr('class', 'now-label')
      .attr('text-anchor', 'end')
      .attr('x', W - M.right - 4)
      .attr('y', y(p.now) - 4)
      .text(p.yMode === 'time' ? `now ${secs(p.now)}` : `after step ${p.now}`);
  }

  const dots = svg.append('g').attr('class', 'events');
  for (const e of p.events) {
    const fate = p.fates.get(e.id)?.fate ?? 'not-arrived';
    const g = dots
      .append('g')
      .attr('class', `event fate-${fate}${p.draggable ? ' draggable' : ''}`)
      .attr('data-id', e.id)
      .attr('transform', `translate(${x(clampX(e.ts))},${y(p.yOf(e))})`)
      .attr('tabindex', p.draggable ? 0 : null)
      .attr('role', 'img')
      .attr('aria-label', `e${e.id}: event time ${secs(e.ts)}, arrives ${secs(e.arrival)}, ${FATE_LABEL[fate]}`);
    g.append('path').attr('d', symbol(SHAPE[fate], fate === 'dropped' ? 90 : 70)());
    g.append('text').attr('x', 7).attr('y', -6).text(`e${e.id}`);
    g.append('title').text(`e${e.id}: event time ${secs(e.ts)}, arrival ${secs(e.arrival)} — ${FATE_LABEL[fate]}`);
    if (!p.draggable) continue;
    g.on('keydown', (ev: KeyboardEvent) => {
      if (ev.key !== 'ArrowUp' && ev.key !== 'ArrowDown') return;
      ev.preventDefault();
      p.onMove(e.id, e.arrival + (ev.key === 'ArrowUp' ? 100 : -100));
    });
    g.call(
      drag<SVGGElement, unknown>()
        .on('drag', (ev: { y: number }) => {
          const py = Math.max(y.range()[1], Math.min(y.range()[0], ev.y));
          g.attr('transform', `translate(${x(clampX(e.ts))},${py})`).classed('dragging', true);
        })
        .on('end', (ev: { y: number }) => {
          const py = Math.max(y.range()[1], Math.min(y.range()[0], ev.y));
          p.onMove(e.id, y.invert(py));
        }),
    );
  }
}

/** The legend under the picture, as HTML (shapes drawn in CSS-free inline SVG). */
export function legendItems(): Array<{ cls: string; label: string }> {
  return [
    { cls: 'fate-on-time', label: FATE_LABEL['on-time'] },
    { cls: 'fate-updated', label: FATE_LABEL.updated },
    { cls: 'fate-side-output', label: FATE_LABEL['side-output'] },
    { cls: 'fate-dropped', label: FATE_LABEL.dropped },
    { cls: 'fate-waiting', label: FATE_LABEL.waiting },
    { cls: 'fate-not-arrived', label: FATE_LABEL['not-arrived'] },
  ];
}
