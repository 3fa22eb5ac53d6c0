// Notebook 8's job graph at the stepper's moment (d3): sources A and B, their channels with the records and
// barriers on the way, the buffer alignment fills, the operator, and the checkpoint storage; below, every
// checkpoint from trigger to completion on a time axis with the crash. Beside it, per channel, what is on
// the way and held in the picture against what the engine has not read yet.
import { scaleLinear, select } from 'd3';
import { dataTable, fillTable, h, pair } from '../../lib/dom.ts';
import { secs } from '../../lib/format.ts';
import type { View } from '../../lib/types.ts';
import { barriers, cursorAt, pictureCounts, sends, stateAt, transit } from './channels.ts';
import { type Mode, type Model, type P, STREAMS } from './scenario.ts';

const W = 680;
const PIPE_X = 96;
const PIPE_W = 300;
const BUF_X = PIPE_X + PIPE_W + 8;
const OP_X = BUF_X + 78;
const ROW_Y = [52, 150];
const TL_Y = 250;

export function graphView(): View<P, Model> {
  const svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svgEl.setAttribute('id', 'graph-svg');
  svgEl.setAttribute('role', 'img');
  svgEl.setAttribute('aria-labelledby', 'h-graph');
  const note = h('p', { class: 'description', id: 'graph-description' });
  const table = dataTable('channels-table', 'The channels at this moment (engine: records it has not read yet)', [
    'channel',
    'on the way',
    'held',
    'engine',
  ]);
  return {
    id: 'graph',
    mount(el) {
      el.append(h('h2', { id: 'h-graph' }, 'Barriers on the channels'), note, pair(h('figure', { class: 'plot' }, svgEl), table));
    },
    update(ctx) {
      const { model: m, values: p } = ctx;
      const mode = p.mode as Mode;
      const { step, time: t } = cursorAt(m, ctx.cursor);
      note.textContent =
        'Records (dots) and barriers (purple bars) travel from each source to the operator; positions follow the configured network, counts are checked against the engine. Orange: held by an aligning operator; outlined red: sent again by the replay. Below: each checkpoint from trigger to completion.';
      const all = sends(m.flink, mode, p.skew, p.interval);
      const bars = barriers(m.flink, p.skew, p.interval);
      const svg = select(svgEl).attr('viewBox', `0 0 ${W} 330`).attr('width', W).attr('height', 330);
      svg.selectAll('*').remove();
      STREAMS.forEach((name, c) => {
        const y = ROW_Y[c]!;
        svg
          .append('rect')
          .attr('class', 'channel')
          .attr('x', 8)
          .attr('y', y - 18)
          .attr('width', 78)
          .attr('height', 36)
          .attr('rx', 5);
        svg
          .append('text')
          .attr('x', 47)
          .attr('y', y + 4)
          .attr('text-anchor', 'middle')
          .text(`source ${name}`);
        svg
          .append('rect')
          .attr('class', 'channel')
          .attr('x', PIPE_X)
          .attr('y', y - 11)
          .attr('width', PIPE_W)
          .attr('height', 22)
          .attr('rx', 11);
        svg
          .append('text')
          .attr('class', 'axis-title')
          .attr('x', PIPE_X + 6)
          .attr('y', y - 16)
          .text(`channel ${name}: ${secs(transit(c, p.skew))}`);
        svg
          .append('rect')
          .attr('class', 'channel')
          .attr('x', BUF_X)
          .attr('y', y - 14)
          .attr('width', 64)
          .attr('height', 28)
          .attr('rx', 3);
        svg
          .append('text')
          .attr('class', 'axis-title')
          .attr('x', BUF_X)
          .attr('y', y + 27)
          .text('buffer');
        svg
          .append('path')
          .attr('class', 'tree-link')
          .attr('d', `M${BUF_X + 64},${y} L${OP_X},${(ROW_Y[0]! + ROW_Y[1]!) / 2}`);
      });
      const held: Record<number, number[]> = { 0: [], 1: [] };
      for (const s of all) {
        const st = stateAt(s, t);
        if (st === 'held') held[s.channel]!.push(s.id);
        if (st !== 'on-channel') continue;
        const x = PIPE_X + 10 + ((t - s.sentAt) / (s.arrives - s.sentAt)) * (PIPE_W - 20);
        const g = svg.append('g').attr('transform', `translate(${x},${ROW_Y[s.channel]})`);
        g.append('circle')
          .attr('r', 7)
          .attr('class', `record-dot${s.replay ? ' replayed' : ''}`);
        g.append('text').attr('y', 3).attr('text-anchor', 'middle').attr('class', 'dot-label').text(s.id);
      }
      for (const b of bars) {
        if (t < b.sentAt || t >= b.arrives || (b.lost && t >= b.completedAt)) continue;
        const x = PIPE_X + 10 + ((t - b.sentAt) / (b.arrives - b.sentAt)) * (PIPE_W - 20);
        const y = ROW_Y[b.channel]!;
        svg
          .append('line')
          .attr('class', 'barrier-line')
          .attr('x1', x)
          .attr('x2', x)
          .attr('y1', y - 14)
          .attr('y2', y + 14);
        svg
          .append('text')
          .attr('class', 'barrier-label')
          .attr('x', x + 3)
          .attr('y', y + 24)
          .text(`barrier ${b.checkpoint}`);
      }
      STREAMS.forEach((_, c) => {
        held[c]!.forEach((id, i) => {
          const g = svg.append('g').attr('transform', `translate(${BUF_X + 10 + i * 15},${ROW_Y[c]})`);
          g.append('circle').attr('r', 7).attr('class', 'record-dot held');
          g.append('text').attr('y', 3).attr('text-anchor', 'middle').attr('class', 'kg-label').text(id);
        });
      });
      const aligning = bars.find((b) => b.channel === 0 && t >= b.arrives && t < b.completedAt && mode === 'exactly-once');
      const opY = (ROW_Y[0]! + ROW_Y[1]!) / 2;
      svg
        .append('rect')
        .attr('class', 'channel')
        .attr('x', OP_X)
        .attr('y', opY - 26)
        .attr('width', 132)
        .attr('height', 52)
        .attr('rx', 6);
      svg
        .append('text')
        .attr('x', OP_X + 66)
        .attr('y', opY - 6)
        .attr('text-anchor', 'middle')
        .text('window operator');
      svg
        .append('text')
        .attr('class', 'axis-title')
        .attr('x', OP_X + 66)
        .attr('y', opY + 12)
        .attr('text-anchor', 'middle')
        .text(aligning ? `aligning ${aligning.checkpoint}: A blocked` : 'keyed state: a, b');
      const stored = (m.flink.storage?.saved ?? []).filter((s) => s.at <= t);
      svg
        .append('text')
        .attr('class', 'axis-title')
        .attr('x', OP_X - 30)
        .attr('y', 214)
        .text(`storage: ${stored.map((s) => `#${s.data.id} @ offset ${s.data.offset}`).join(' · ') || 'no checkpoint yet'}`);
      drawTimeline(svg, m, p, t);
      const counts = step < 0 ? { onChannel: [0, 0], held: [0, 0] } : pictureCounts(m, p, step);
      const unread = step < 0 ? 0 : (m.flink.unread[step] ?? 0);
      fillTable(table, [
        ...STREAMS.map((name, c) => [`${name}`, String(counts.onChannel[c]), String(counts.held[c]), '–']),
        [
          'both',
          String(counts.onChannel[0]! + counts.onChannel[1]!),
          String(counts.held[0]! + counts.held[1]!),
          {
            text: String(unread),
            cls: unread === counts.onChannel[0]! + counts.onChannel[1]! + counts.held[0]! + counts.held[1]! ? 'ok' : 'bad',
          },
        ],
      ]);
    },
  };
}

function drawTimeline(svg: ReturnType<typeof select<SVGSVGElement, unknown>>, m: Model, p: P, t: number): void {
  const end = 11_000;
  const x = scaleLinear()
    .domain([0, end])
    .range([PIPE_X, W - 14]);
  svg
    .append('text')
    .attr('class', 'axis-title')
    .attr('x', 8)
    .attr('y', TL_Y + 14)
    .text('checkpoints');
  svg
    .append('line')
    .attr('class', 'lane-rule')
    .attr('x1', PIPE_X)
    .attr('x2', W - 14)
    .attr('y1', TL_Y + 30)
    .attr('y2', TL_Y + 30);
  for (let s = 0; s <= end; s += 1000) {
    svg
      .append('text')
      .attr('class', 'axis-title')
      .attr('x', x(s))
      .attr('y', TL_Y + 46)
      .attr('text-anchor', 'middle')
      .text(`${s / 1000}`);
  }
  for (const b of barriers(m.flink, p.skew, p.interval).filter((b) => b.channel === 0)) {
    const g = svg.append('g').attr('opacity', b.sentAt <= t ? 1 : 0.2);
    g.append('rect')
      .attr('class', b.lost ? 'batch-bar over' : 'batch-bar')
      .attr('x', x(b.sentAt))
      .attr('y', TL_Y + 4)
      .attr('width', Math.max(2, x(b.completedAt) - x(b.sentAt)))
      .attr('height', 14);
    g.append('text')
      .attr('class', 'kg-label')
      .attr('x', x(b.sentAt) + 2)
      .attr('y', TL_Y + 27)
      .text(`${b.checkpoint}${b.lost ? ' lost' : ''}`);
  }
  for (const r of m.flink.log.restarts) {
    svg
      .append('line')
      .attr('class', 'crash-rule')
      .attr('x1', x(r.at))
      .attr('x2', x(r.at))
      .attr('y1', TL_Y)
      .attr('y2', TL_Y + 32);
  }
  if (Number.isFinite(t))
    svg
      .append('line')
      .attr('class', 'now')
      .attr('x1', x(t))
      .attr('x2', x(t))
      .attr('y1', TL_Y - 4)
      .attr('y2', TL_Y + 34);
}
