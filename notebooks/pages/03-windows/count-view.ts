// Count windows on an arrival axis: each user's events in the order they arrived, coloured by the
// count window the engine put them in, in this order and shuffled (the next seed). Beside it, the
// tables that show the point: shuffling changes count windows, and leaves time windows alone.
import { scaleBand, select } from 'd3';
import { compareRows } from '../../lib/compare-runs.ts';
import { type CellValue, dataTable, fillTable, h, pair } from '../../lib/dom.ts';
import type { Run } from '../../lib/run.ts';
import type { Ctx, View } from '../../lib/types.ts';
import { byArrival, type NbEvent } from '../../lib/workload.ts';
import type { Model, P } from './scenario.ts';

const W = 660;
const ROW = 30;
const COLORS = ['#dbe7f5', '#fde9cf', '#e3f1e4', '#efe3f7', '#fbe3e3', '#e0f2f1'];

/** Which firing (1, 2, …) of its key each event was counted in, from the run's results. */
function firingOf(run: Run): Map<number, number> {
  const out = new Map<number, number>();
  const n = new Map<unknown, number>();
  for (const m of run.moments) {
    for (const s of m.emissions) {
      if (s.e.output !== 'main' || !Array.isArray(s.e.value)) continue;
      const k = (n.get(s.e.key) ?? 0) + 1;
      n.set(s.e.key, k);
      for (const id of s.e.value) if (typeof id === 'number' && !out.has(id)) out.set(id, k);
    }
  }
  return out;
}

function verdict(same: boolean): CellValue {
  return same ? { text: 'same', cls: 'ok' } : { text: 'differs', cls: 'bad' };
}

export function countView(): View<P, Model> {
  const svg = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg')).attr('id', 'count-svg').attr('role', 'img');
  const note = h('p', { class: 'description', id: 'count-description' });
  const counts = dataTable('count-table', 'Count windows: this order against shuffled', [
    'key',
    'firing',
    'this order',
    'shuffled',
    'same?',
  ]);
  const times = dataTable('count-time-table', 'Tumbling windows of the same events: this order against shuffled', [
    'key',
    'window',
    'this order',
    'shuffled',
    'same?',
  ]);
  return {
    id: 'count',
    mount(el) {
      svg.attr('aria-labelledby', 'h-count');
      el.append(
        h('h2', { id: 'h-count' }, 'Count windows follow arrival order'),
        note,
        pair(h('figure', { class: 'plot' }, svg.node()!), h('div', {}, counts, times)),
      );
    },
    update(ctx: Ctx<P, Model>) {
      const [a, b] = ctx.model.count;
      const error = a.error ?? b.error;
      note.textContent = error
        ? `This engine has no count windows: ${error.message}`
        : `Each user's events in arrival order (x), coloured by the count window of ${ctx.values.count} elements the engine put them in; white ones wait for more. The shuffled order is the next seed's. Time windows (the second table, tumbling ${ctx.values.size / 1000} s) do not care about the order.`;
      svg.node()!.style.display = error ? 'none' : '';
      const rowsOf = (runs: [Run, Run]) => (runs[0].error || runs[1].error ? [] : compareRows(runs, runs[0].closure));
      fillTable(
        counts,
        rowsOf(ctx.model.count).map((r) => [r.key, r.window.replace('count firing ', ''), r.values[0]!, r.values[1]!, verdict(r.same)]),
        error ? 'refused by this engine' : 'nothing yet',
      );
      fillTable(
        times,
        rowsOf(ctx.model.tumbling).map((r) => [r.key, r.window, r.values[0]!, r.values[1]!, verdict(r.same)]),
      );
      if (error) return;
      const lanes: Array<{ label: string; events: NbEvent[]; firing: Map<number, number> }> = [];
      for (const key of ['a', 'b']) {
        lanes.push({ label: `${key}, this order`, events: byArrival(ctx.model.events.filter((e) => e.key === key)), firing: firingOf(a) });
        lanes.push({
          label: `${key}, shuffled`,
          events: byArrival(ctx.model.shuffledEvents.filter((e) => e.key === key)),
          firing: firingOf(b),
        });
      }
      const most = Math.max(...lanes.map((l) => l.events.length));
      const x = scaleBand<number>()
        .domain([...Array(most).keys()])
        .range([120, W - 10])
        .padding(0.12);
      const height = 26 + lanes.length * ROW;
      svg.attr('viewBox', `0 0 ${W} ${height}`).attr('width', W).attr('height', height);
      svg.selectAll('*').remove();
      svg.append('text').attr('class', 'axis-title').attr('x', 120).attr('y', 14).text('arrival order →');
      lanes.forEach((lane, i) => {
        const y = 22 + i * ROW;
        const g = svg.append('g').attr('class', 'lane');
        g.append('text')
          .attr('class', 'axis-title')
          .attr('x', 4)
          .attr('y', y + 17)
          .text(lane.label);
        lane.events.forEach((e, j) => {
          const f = lane.firing.get(e.id);
          const cell = g.append('g').attr('class', 'count-cell').attr('data-id', e.id);
          cell
            .append('rect')
            .attr('x', x(j)!)
            .attr('y', y)
            .attr('width', x.bandwidth())
            .attr('height', ROW - 6)
            .attr('rx', 3)
            .attr('fill', f === undefined ? '#fff' : COLORS[(f - 1) % COLORS.length]!)
            .attr('stroke', '#8b949e');
          cell
            .append('text')
            .attr('class', 'pane-label')
            .attr('x', x(j)! + x.bandwidth() / 2)
            .attr('y', y + 16)
            .attr('text-anchor', 'middle')
            .text(`e${e.id}${f === undefined ? '' : ` #${f}`}`);
        });
      });
    },
  };
}
