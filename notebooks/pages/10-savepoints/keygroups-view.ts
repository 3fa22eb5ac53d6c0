// Notebook 10's key groups (d3): the 128 key groups of the job as two grids, coloured by the subtask that
// owns each (A8: subtask i owns a contiguous range), before the savepoint and after the rescale; a dot marks
// a key group holding state, a dark outline one that changed owner. Ownership comes from the engine's
// key-groups module, the state from the savepoint and from the new job's first checkpoint.
import { schemeTableau10, select } from 'd3';
import { keyGroupFor, keyGroupRange, subtaskForKeyGroup } from '../../../engines/event/key-groups.ts';
import type { EventCheckpoint } from '../../../engines/event/runtime/checkpoint-coordinator.ts';
import { type CellValue, dataTable, fillTable, h, pair } from '../../lib/dom.ts';
import { stateEntries } from '../../lib/recorded-checkpoints.ts';
import type { View } from '../../lib/types.ts';
import { MAX_PARALLELISM, type Model, type P } from './scenario.ts';

const COLS = 16;
const CELL = 17;
const GRID_W = COLS * CELL;
const GAP = 48;

export const subtaskColor = (i: number) => schemeTableau10[i % 10]!;

/** Keys of the workload by key group. */
export function keysByGroup(p: Pick<P, 'keys'>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (let k = 1; k <= p.keys; k++) {
    const key = `user-${k}`;
    const kg = keyGroupFor(key, MAX_PARALLELISM);
    out.set(kg, [...(out.get(kg) ?? []), key]);
  }
  return out;
}

/** One row per subtask: its key groups, the keys in them, and the state entries its snapshot held. */
export function subtaskRows(job: string, parallelism: number, cp: EventCheckpoint | null, p: Pick<P, 'keys'>): CellValue[][] {
  const byGroup = keysByGroup(p);
  const held = cp ? stateEntries(cp) : [];
  return Array.from({ length: parallelism }, (_, i) => {
    const r = keyGroupRange(i, parallelism, MAX_PARALLELISM);
    const keys = [...byGroup].filter(([kg]) => kg >= r.first && kg <= r.last).flatMap(([, ks]) => ks);
    return [job, String(i), `${r.first}–${r.last}`, String(keys.length), cp ? String(held.filter((e) => e.subtask === i).length) : '–'];
  });
}

export function keyGroupsView(): View<P, Model> {
  const svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svgEl.setAttribute('id', 'keygroups-svg');
  svgEl.setAttribute('role', 'img');
  svgEl.setAttribute('aria-labelledby', 'h-keygroups');
  const note = h('p', { class: 'description', id: 'keygroups-description' });
  const legend = h('p', { class: 'kg-legend', id: 'keygroups-legend' });
  const table = dataTable(
    'subtasks-table',
    'Subtasks before and after (state entries: in the savepoint, then in the new job’s first checkpoint)',
    ['job', 'subtask', 'key groups', 'keys', 'state entries'],
  );
  return {
    id: 'keygroups',
    mount(el) {
      el.append(
        h('h2', { id: 'h-keygroups' }, '128 key groups, before and after the rescale'),
        note,
        pair(h('figure', { class: 'plot' }, svgEl, legend), table),
      );
    },
    update(ctx) {
      const { values: p, model: m } = ctx;
      const stopped = ctx.cursor >= 0 && ctx.model.main.moments[ctx.cursor]!.time >= p.stopAt;
      note.textContent = `Every key goes to key group murmur(hash(key)) mod 128; subtask i of p owns a contiguous range of key groups. Rescaling from ${p.p1} to ${p.p2} moves whole key groups (outlined: a new owner). Dots: key groups holding keys of this workload. ${stopped ? 'The new job is running.' : 'The first job is running.'}`;
      const byGroup = keysByGroup(p);
      const svg = select(svgEl)
        .attr('viewBox', `0 0 ${2 * GRID_W + GAP + 8} 190`)
        .attr('width', 2 * GRID_W + GAP + 8)
        .attr('height', 190);
      svg.selectAll('*').remove();
      (
        [
          [0, p.p1, `before: parallelism ${p.p1}`, !stopped],
          [GRID_W + GAP, p.p2, `after: parallelism ${p.p2}`, stopped],
        ] as const
      ).forEach(([x0, par, title, active]) => {
        const g = svg
          .append('g')
          .attr('transform', `translate(${x0 + 4},22)`)
          .attr('opacity', active ? 1 : 0.55)
          .attr('data-grid', title);
        g.append('text')
          .attr('y', -8)
          .attr('font-weight', active ? 700 : 400)
          .text(title);
        for (let kg = 0; kg < MAX_PARALLELISM; kg++) {
          const owner = subtaskForKeyGroup(kg, par, MAX_PARALLELISM);
          const moved = x0 > 0 && owner !== subtaskForKeyGroup(kg, p.p1, MAX_PARALLELISM);
          const cx = (kg % COLS) * CELL;
          const cy = Math.floor(kg / COLS) * CELL;
          const cell = g
            .append('rect')
            .attr('class', `kg-cell${moved ? ' has-state' : ''}`)
            .attr('data-kg', kg)
            .attr('data-owner', owner)
            .attr('x', cx)
            .attr('y', cy)
            .attr('width', CELL - 1)
            .attr('height', CELL - 1)
            .attr('fill', subtaskColor(owner));
          const keys = byGroup.get(kg);
          cell.append('title').text(`key group ${kg} → subtask ${owner}${keys ? `: ${keys.join(', ')}` : ''}`);
          if (keys)
            g.append('circle')
              .attr('cx', cx + CELL / 2 - 0.5)
              .attr('cy', cy + CELL / 2 - 0.5)
              .attr('r', 3)
              .attr('fill', '#fff')
              .attr('stroke', '#1f2328');
        }
      });
      legend.replaceChildren(
        ...Array.from({ length: Math.max(p.p1, p.p2) }, (_, i) =>
          h('span', {}, h('span', { class: 'kg-swatch', style: `background:${subtaskColor(i)}` }), `subtask ${i}`),
        ),
      );
      fillTable(table, [...subtaskRows('before', p.p1, m.savepoint, p), ...subtaskRows('after', p.p2, m.resumed, p)]);
    },
  };
}
