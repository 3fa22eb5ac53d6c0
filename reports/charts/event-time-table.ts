// The event-time picture's data table: per second of arrival time, the events (of the even sample), their
// event-time range, and per engine the watermark at the end of the second, the results emitted and the
// records it dropped or sent to its late output (of the sample in result.json).
import type { EngineView } from '../engines.ts';
import { cell, fmtInt, num, rowHead, table, trim } from '../html.ts';
import { fmtDate } from '../time-format.ts';
import type { ChartInput } from './chart.ts';

export function eventTimeTable({ result, views }: ChartInput, epoch: boolean): string {
  const events = (result.events ?? []).map((e) => ({ arrival: e.arrival / 1000, eventTime: epoch ? e.eventTime : e.eventTime / 1000 }));
  // Event times: dates for epoch data (kept in ms), else seconds.
  const show = (t: number) => (epoch ? fmtDate(t) : `${trim(t, 3)} s`);
  const ok = views.filter((v): v is EngineView & { ok: NonNullable<EngineView['ok']> } => v.ok !== undefined);
  const seconds = new Map<number, { n: number; lo: number; hi: number }>();
  for (const e of events) {
    const s = Math.floor(e.arrival);
    const b = seconds.get(s) ?? { n: 0, lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY };
    b.n++;
    b.lo = Math.min(b.lo, e.eventTime);
    b.hi = Math.max(b.hi, e.eventTime);
    seconds.set(s, b);
  }
  const perSecond = (pick: (v: (typeof ok)[number]) => Array<{ t: number; n: number }>) =>
    new Map(
      ok.map((v) => {
        const m = new Map<number, number>();
        for (const p of pick(v)) m.set(Math.floor(p.t / 1000), (m.get(Math.floor(p.t / 1000)) ?? 0) + p.n);
        return [v.id, m];
      }),
    );
  const out = perSecond((v) => v.ok.series.perSecond.map((p) => ({ t: p.t, n: p.output })));
  const late = perSecond((v) => (v.ok.series.late ?? []).map((p) => ({ t: p.t, n: 1 })));
  const all = new Set<number>([...seconds.keys()]);
  for (const m of out.values()) for (const s of m.keys()) all.add(s);
  const wmAt = (v: (typeof ok)[number], s: number): string => {
    let last: number | undefined;
    for (const w of v.ok.series.watermark) if (w.t < (s + 1) * 1000) last = w.wm;
    if (last === undefined || !Number.isFinite(last) || Math.abs(last) > 8.64e15) return '–';
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
          cell(b ? `${show(b.lo)} – ${show(b.hi)}` : '–', 'num'),
          ...ok.flatMap((v) => [num(wmAt(v, s)), num(fmtInt(out.get(v.id)?.get(s) ?? 0)), num(fmtInt(late.get(v.id)?.get(s) ?? 0))]),
        ],
      };
    });
  return table({
    caption: `Per second of arrival time: ${sampled ? `events in the even sample of ${fmtInt(result.events.length)} (of ${fmtInt(result.input.events)})` : 'events'}, their event times, and per engine its watermark at the end of the second (${epoch ? 'UTC' : 's'}), the results it emitted and the late records it dropped or sent to its side output (of the sample in the result).`,
    head: [
      cell('arrival'),
      num(sampled ? 'events (sample)' : 'events'),
      num('event time'),
      ...ok.flatMap((v) => [num(`${v.name} watermark`), num(`${v.name} results`), num(`${v.name} late`)]),
    ],
    rows,
  });
}
