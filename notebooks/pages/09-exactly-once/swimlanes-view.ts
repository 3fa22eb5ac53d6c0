// The swimlanes of notebook 9 (d3): coordinator, window operator, sink and external store along processing
// time, up to the stepper's moment (later marks faint), the crash as a red rule across every lane; beside
// it the same events as a table, which the browser test compares with the Node engines.
import { scaleLinear, select } from 'd3';
import { cursorStep } from '../../lib/cursor-time.ts';
import { dataTable, fillTable, h, pair } from '../../lib/dom.ts';
import { secs } from '../../lib/format.ts';
import type { Ctx, View } from '../../lib/types.ts';
import type { Model, P, SinkKind } from './scenario.ts';
import { SINK_NAME } from './scenario.ts';
import { LANE_NAME, LANES, type LaneEvent, laneEvents, type Mark } from './sink-log.ts';

const W = 680;
const LEFT = 132;
const LANE_H = 52;
const TOP = 22;

/** Marks at one instant sit above or below their lane so they do not hide each other. */
const DY: Partial<Record<Mark, number>> = { trigger: -9, complete: 9, write: -12, noop: -12, commit: 12 };

const SHAPE: Record<Mark, string> = {
  trigger: 'M0,-6 L6,0 L0,6 Z',
  complete: 'M-5,-5 H5 V5 H-5 Z',
  crash: 'M-6,-6 L6,6 M6,-6 L-6,6',
  write: 'M0,-5 A5,5 0 1,1 0,5 A5,5 0 1,1 0,-5',
  precommit: 'M-6,0 L0,-6 L6,0 L0,6 Z',
  commit: 'M-6,0 L-2,5 L6,-5',
  abort: 'M-6,-6 L6,6 M6,-6 L-6,6',
  noop: 'M0,-5 A5,5 0 1,1 0,5 A5,5 0 1,1 0,-5',
  visible: 'M-5,-5 H5 V5 H-5 Z',
  duplicate: 'M-5,-5 H5 V5 H-5 Z',
};

/** Every event on the lanes for the sink chosen. */
export function allEvents(ctx: Ctx<P, Model>): LaneEvent[] {
  return laneEvents(ctx.model.runs[ctx.values.sink as SinkKind], ctx.model.runs.plain);
}

/** The events shown at the stepper's moment: those up to the processing time of its last step. */
export function shownEvents(ctx: Ctx<P, Model>, all = allEvents(ctx)): LaneEvent[] {
  const run = ctx.model.main;
  const step = cursorStep(run, ctx.cursor);
  if (step < 0) return [];
  const m = run.moments[ctx.cursor]!;
  return m.end ? all : all.filter((e) => e.time <= run.stepTimes[step]!);
}

export function swimlanesView(): View<P, Model> {
  const svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svgEl.setAttribute('id', 'lanes-svg');
  svgEl.setAttribute('role', 'img');
  svgEl.setAttribute('aria-labelledby', 'h-swimlanes');
  const note = h('p', { class: 'description', id: 'swimlanes-description' });
  const table = dataTable('swimlanes-table', 'Every event on the lanes, in time order', ['time', 'lane', 'what']);
  return {
    id: 'swimlanes',
    mount(el) {
      el.append(
        h('h2', { id: 'h-swimlanes' }, 'Swimlanes: who does what, and when it becomes visible'),
        note,
        pair(h('figure', { class: 'plot' }, svgEl), table),
      );
    },
    update(ctx) {
      const sink = ctx.values.sink as SinkKind;
      note.textContent = `The ${SINK_NAME[sink]} sink. ▷ a checkpoint is triggered, ■ it completes, ✗ the crash; ● the operator writes a result; ◆ the sink pre-commits a transaction, ✓ commits it; squares in the store are what a reader sees (red: the same result again).`;
      const all = allEvents(ctx);
      const shown = new Set(shownEvents(ctx, all));
      const end = Math.max(9200, ...all.map((e) => e.time));
      const x = scaleLinear()
        .domain([0, end])
        .range([LEFT, W - 12]);
      const height = TOP + LANES.length * LANE_H + 24;
      const svg = select(svgEl).attr('viewBox', `0 0 ${W} ${height}`).attr('width', W).attr('height', height);
      svg.selectAll('*').remove();
      LANES.forEach((lane, i) => {
        const y = TOP + i * LANE_H + LANE_H / 2;
        svg
          .append('line')
          .attr('class', 'lane-rule')
          .attr('x1', LEFT)
          .attr('x2', W - 12)
          .attr('y1', y)
          .attr('y2', y);
        svg
          .append('text')
          .attr('class', 'axis-title')
          .attr('x', 4)
          .attr('y', y + 4)
          .text(LANE_NAME[lane]);
      });
      for (let t = 0; t <= end; t += 1000) {
        svg
          .append('text')
          .attr('class', 'axis-title')
          .attr('x', x(t))
          .attr('y', height - 6)
          .attr('text-anchor', 'middle')
          .text(`${t / 1000} s`);
      }
      const yOf = (e: LaneEvent) =>
        TOP + LANES.indexOf(e.lane) * LANE_H + LANE_H / 2 + (e.lane === 'coordinator' || e.lane === 'sink' ? (DY[e.mark] ?? 0) : 0);
      // Each result from the operator's write to the moment a reader first sees it: the latency of the sink.
      const firstSeen = new Map<string, LaneEvent>();
      for (const e of all) if (e.lane === 'store' && e.result && !firstSeen.has(e.result)) firstSeen.set(e.result, e);
      for (const w of all) {
        const v = w.lane === 'operator' && w.result ? firstSeen.get(w.result) : undefined;
        if (!v || v.time < w.time || !shown.has(v)) continue;
        svg
          .append('line')
          .attr('class', 'visibility-link')
          .attr('x1', x(w.time))
          .attr('y1', yOf(w))
          .attr('x2', x(v.time))
          .attr('y2', yOf(v));
      }
      for (const e of all) {
        const g = svg
          .append('g')
          .attr('class', `lane-mark mark-${e.mark}`)
          .attr('transform', `translate(${x(e.time)},${yOf(e)})`)
          .attr('opacity', shown.has(e) ? 1 : 0.15);
        g.append('path').attr('d', SHAPE[e.mark]);
        g.append('title').text(`${secs(e.time)}: ${e.text}`);
        if (e.mark === 'crash' && shown.has(e)) {
          svg
            .append('line')
            .attr('class', 'crash-rule')
            .attr('x1', x(e.time))
            .attr('x2', x(e.time))
            .attr('y1', TOP)
            .attr('y2', TOP + LANES.length * LANE_H);
        }
      }
      fillTable(
        table,
        [...shown].map((e) => [
          secs(e.time),
          LANE_NAME[e.lane],
          { text: e.text, cls: e.mark === 'duplicate' || e.mark === 'crash' ? 'bad' : undefined },
        ]),
        'nothing has happened yet',
      );
    },
  };
}
