// Notebook 7's spout timeline (d3): one lane per sentence, its emits, replays, acks, fails and timeouts on
// processing time up to the stepper's moment; beside it each sentence's story so far.
import { scaleLinear, select } from 'd3';
import { dataTable, fillTable, h, pair } from '../../lib/dom.ts';
import { secs } from '../../lib/format.ts';
import type { View } from '../../lib/types.ts';
import { type Model, type P, sentences } from './scenario.ts';
import type { Seen } from './topology-run.ts';
import { cursorTime } from './tree-view.ts';

const W = 660;
const LEFT = 86;

export type SpoutMark = 'emit' | 'replay' | 'ack' | 'fail' | 'timeout';

/** What the spout did, per sentence (msgId = offset), up to time t. */
export function spoutMarks(seen: readonly Seen[], t: number): Array<{ msg: number; t: number; mark: SpoutMark }> {
  const out: Array<{ msg: number; t: number; mark: SpoutMark }> = [];
  for (const s of seen) {
    if (s.t > t) break;
    if (s.kind === 'emit') out.push({ msg: s.msg, t: s.t, mark: s.replay ? 'replay' : 'emit' });
    if (s.kind === 'spout-ack') out.push({ msg: s.msg, t: s.t, mark: 'ack' });
    if (s.kind === 'spout-fail') out.push({ msg: s.msg, t: s.t, mark: s.timeout ? 'timeout' : 'fail' });
  }
  return out;
}

export function spoutRows(m: Model, p: P, t: number): string[][] {
  const marks = spoutMarks(m.topo.seen, t);
  return sentences(p).map((s, msg) => {
    const mine = marks.filter((x) => x.msg === msg);
    const last = mine.at(-1);
    const story = mine.map((x) => `${x.mark} ${secs(x.t)}`).join(', ');
    const state = !last
      ? 'not emitted'
      : last.mark === 'ack'
        ? 'done'
        : last.mark === 'fail' || last.mark === 'timeout'
          ? 'to replay'
          : p.acking
            ? 'pending'
            : 'emitted (not tracked)';
    return [String(s.id), s.text, story || '–', state];
  });
}

const SHAPE: Record<SpoutMark, string> = {
  emit: 'M0,-5 A5,5 0 1,1 0,5 A5,5 0 1,1 0,-5',
  replay: 'M0,-5 A5,5 0 1,1 0,5 A5,5 0 1,1 0,-5',
  ack: 'M-5,0 L-1,5 L6,-5',
  fail: 'M-5,-5 L5,5 M5,-5 L-5,5',
  timeout: 'M-5,-5 L5,5 M5,-5 L-5,5',
};

export function spoutView(): View<P, Model> {
  const svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svgEl.setAttribute('id', 'spout-svg');
  svgEl.setAttribute('role', 'img');
  svgEl.setAttribute('aria-labelledby', 'h-spout');
  const note = h('p', { class: 'description', id: 'spout-description' });
  const table = dataTable('spout-table', 'Each sentence at the spout', ['sentence', 'text', 'emit / ack / fail / timeout / replay', 'now']);
  return {
    id: 'spout',
    mount(el) {
      el.append(h('h2', { id: 'h-spout' }, 'The spout: emit, ack, fail, replay'), note, pair(h('figure', { class: 'plot' }, svgEl), table));
    },
    update(ctx) {
      const { model: m, values: p } = ctx;
      const t = cursorTime(ctx);
      const c = m.topo.counters;
      note.textContent = `● emit, ○ replay, ✓ ack, ✗ fail (dashed: timeout). Replaying is the spout’s job: Storm only tells it “fail” (C2). So far in the whole run: ${m.topo.source.emitted} emitted, ${m.topo.source.replayed} replayed, ${c.acked} acked, ${c.failed} failed by a bolt, ${c.timedOut} timed out, ${c.lostInCrash} tuples lost in a kill.`;
      const all = spoutMarks(m.topo.seen, Number.POSITIVE_INFINITY);
      const end = Math.max(4000, ...all.map((x) => x.t)) + 400;
      const x = scaleLinear()
        .domain([0, end])
        .range([LEFT, W - 10]);
      const n = sentences(p).length;
      const height = 24 + n * 22 + 20;
      const svg = select(svgEl).attr('viewBox', `0 0 ${W} ${height}`).attr('width', W).attr('height', height);
      svg.selectAll('*').remove();
      for (let i = 0; i < n; i++) {
        const y = 24 + i * 22;
        svg
          .append('line')
          .attr('class', 'spout-lane')
          .attr('x1', LEFT)
          .attr('x2', W - 10)
          .attr('y1', y)
          .attr('y2', y);
        svg
          .append('text')
          .attr('class', 'axis-title')
          .attr('x', 4)
          .attr('y', y + 4)
          .text(`sentence ${i + 1}`);
      }
      const step = end > 12_000 ? 2000 : 1000;
      for (let s = 0; s <= end; s += step)
        svg
          .append('text')
          .attr('class', 'axis-title')
          .attr('x', x(s))
          .attr('y', height - 4)
          .attr('text-anchor', 'middle')
          .text(`${s / 1000} s`);
      for (const mk of all) {
        svg
          .append('g')
          .attr('class', `sp-${mk.mark}`)
          .attr('transform', `translate(${x(mk.t)},${24 + mk.msg * 22})`)
          .attr('opacity', mk.t <= t ? 1 : 0.15)
          .append('path')
          .attr('d', SHAPE[mk.mark]);
      }
      if (Number.isFinite(t))
        svg
          .append('line')
          .attr('class', 'now')
          .attr('x1', x(t))
          .attr('x2', x(t))
          .attr('y1', 10)
          .attr('y2', height - 16);
      fillTable(table, spoutRows(m, p, t));
    },
  };
}
