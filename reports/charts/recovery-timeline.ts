// The recovery timeline: per engine, three small panels over one shared processing-time axis —
// results out per second, the p99 event-time latency per second and the watermark — with the fault
// (and the downtime it caused) shaded red, the restart ("back up") in green and every completed
// checkpoint as a grey dashed rule. Series are per second or per change, so the view stays small at
// any input size.
import type { TopLevelSpec } from 'vega-lite';
import type { EngineView, SupportedEngine } from '../engines.ts';
import { cell, fmtInt, fmtMs, num, rowHead, table, trim } from '../html.ts';
import { type Chart, type ChartInput, CONFIG, NO_DATA, sec, WIDTH } from './chart.ts';

export const RECOVERY_MARKERS = { fault: '#d62728', 'back up': '#2ca02c', checkpoint: '#666666' } as const;

type Ok = EngineView & { ok: SupportedEngine };

/** Whether an engine had anything to recover from or with: a fault or a completed checkpoint. */
export function hasRecovery(e: SupportedEngine): boolean {
  // Faults, or checkpoints the scenario asked for. Spark commits every batch anyway: that alone is not a
  // recovery story, so a microbatch engine without faults or a checkpoint setting stays out of the section.
  const asked = e.config.checkpoint !== undefined;
  return (
    e.recovery.faults > 0 ||
    e.series.faults.length > 0 ||
    (asked && ((e.recovery.checkpoints?.count ?? 0) > 0 || e.series.checkpoints.length > 0))
  );
}

interface Marker {
  engine: string;
  t: number;
  marker: keyof typeof RECOVERY_MARKERS;
  detail: string;
}

/** Every marker of an engine: faults (with kind and downtime), restarts, checkpoints. */
export function recoveryMarkers(v: Ok): Marker[] {
  const s = v.ok.series;
  const events = s.faultEvents ?? s.faults.map((t) => ({ t, kind: 'crash' as const, until: t }));
  const faults: Marker[] = events.map((f) => ({
    engine: v.name,
    t: sec(f.t),
    marker: 'fault',
    detail: f.until > f.t ? `${f.kind}, down until ${trim(f.until / 1000, 3)} s` : f.kind,
  }));
  const restarts: Marker[] = (s.restarts ?? []).map((r) => ({
    engine: v.name,
    t: sec(r.t),
    marker: 'back up',
    detail: `${r.fromCheckpoint === null ? 'from the start (no checkpoint)' : `from checkpoint ${r.fromCheckpoint}`}, ${fmtInt(r.replayed)} records replayed`,
  }));
  const stats = s.checkpointStats ?? s.checkpoints.map((t) => ({ t, duration: Number.NaN, bytes: Number.NaN }));
  const checkpoints: Marker[] = stats.map((c) => ({
    engine: v.name,
    t: sec(c.t),
    marker: 'checkpoint',
    detail: Number.isFinite(c.duration) ? `took ${fmtMs(c.duration)}, ${fmtInt(c.bytes)} bytes` : 'completed',
  }));
  return [...faults, ...restarts, ...checkpoints];
}

export function recoveryTimelineChart({ result, views }: ChartInput): Chart {
  const ok = views.filter((v): v is Ok => v.ok !== undefined && hasRecovery(v.ok));
  const base = {
    id: 'recovery-timeline',
    title: 'Recovery timeline',
    description:
      'Per engine, on one processing-time axis: results out per second, the p99 event-time latency of the results of each second, and the watermark. ' +
      'Red: the fault, with the downtime shaded; green: running again (“back up”); grey dashes: completed checkpoints.',
    empty: NO_DATA,
  };
  if (ok.length === 0) return { ...base, spec: null, table: '' };
  const rates = ok.flatMap((v) => v.ok.series.perSecond.map((p) => ({ engine: v.name, t: sec(p.t), output: p.output })));
  const latency = ok.flatMap((v) => v.ok.series.latency.map((p) => ({ engine: v.name, t: sec(p.t), p99: p.p99 })));
  const watermarks = ok.flatMap((v) =>
    v.ok.series.watermark.filter((w) => Number.isFinite(w.wm)).map((w) => ({ engine: v.name, t: sec(w.t), wm: sec(w.wm) })),
  );
  const markers = ok.flatMap(recoveryMarkers);
  // The watermark axis spans the input's event times: the final "end of input" watermark (+∞ in
  // practice) would flatten every line, so it is clipped at the top instead.
  const eventTimes = result.events.map((e) => e.eventTime);
  const wmHi = Math.ceil(sec(eventTimes.length > 0 ? Math.max(...eventTimes) : Math.max(0, ...watermarks.map((w) => w.wm * 1000))));
  const wmLo = Math.min(0, Math.floor(Math.min(0, ...watermarks.map((w) => w.wm))));
  const down = ok.flatMap((v) =>
    (v.ok.series.faultEvents ?? []).filter((f) => f.until > f.t).map((f) => ({ engine: v.name, t: sec(f.t), until: sec(f.until) })),
  );
  if (rates.length + latency.length + watermarks.length + markers.length === 0) return { ...base, spec: null, table: '' };
  const xMax = Math.max(
    1,
    ...rates.map((r) => r.t + 1),
    ...latency.map((r) => r.t + 1),
    ...watermarks.map((w) => w.t),
    ...markers.map((m) => m.t),
  );
  type Panel = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];
  const x = (axis: boolean, last: boolean) => ({
    field: 't',
    type: 'quantitative' as const,
    scale: { domain: [0, Math.ceil(xMax)], nice: false },
    axis: axis ? { title: last ? 'processing time, s' : null } : { title: null, labels: false, ticks: false },
  });
  const only = (id: string) => [{ filter: { field: 'engine', equal: id } }];
  const markerLayers = (id: string, axis: boolean, last: boolean) => [
    {
      data: { name: 'down' },
      transform: only(id),
      mark: { type: 'rect' as const, color: RECOVERY_MARKERS.fault, opacity: 0.08 },
      encoding: { x: x(axis, last), x2: { field: 'until' } },
    },
    {
      data: { name: 'markers' },
      transform: only(id),
      mark: { type: 'rule' as const, strokeWidth: 1.5 },
      encoding: {
        x: x(axis, last),
        color: {
          field: 'marker',
          type: 'nominal' as const,
          title: 'marker',
          scale: { domain: Object.keys(RECOVERY_MARKERS), range: Object.values(RECOVERY_MARKERS) },
        },
        strokeDash: { condition: { test: "datum.marker === 'checkpoint'", value: [3, 3] }, value: [1, 0] },
        opacity: { condition: { test: "datum.marker === 'checkpoint'", value: 0.55 }, value: 0.9 },
        tooltip: [{ field: 'engine' }, { field: 'marker' }, { field: 't', title: 'at, s' }, { field: 'detail' }],
      },
    },
  ];
  const HEIGHT = ok.length > 4 ? 46 : 62;
  const metric = (
    v: Ok,
    dataset: 'rates' | 'latency' | 'watermarks',
    field: string,
    title: string,
    opts: { first: boolean; axis: boolean; last: boolean },
  ): Panel => ({
    ...(opts.first ? { title: { text: v.name, color: v.colour, anchor: 'start' as const, fontSize: 13 } } : {}),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      ...markerLayers(v.name, opts.axis, opts.last),
      {
        data: { name: dataset },
        transform: only(v.name),
        mark: {
          type: 'line',
          color: v.colour,
          strokeWidth: 1.8,
          interpolate: dataset === 'latency' ? 'linear' : 'step-after',
          point: dataset === 'latency' ? { size: 12, filled: true, color: v.colour } : false,
          clip: true,
        },
        encoding: {
          x: x(opts.axis, opts.last),
          y: {
            field,
            type: 'quantitative',
            title,
            ...(dataset === 'watermarks' ? { scale: { domain: [wmLo, wmHi], nice: false } } : {}),
            axis: { tickCount: 3, titleFontSize: 10, titleAngle: 0, titleAlign: 'right', titleX: -6, titleY: -6 },
          },
          tooltip: [{ field: 'engine' }, { field: 't', title: 'at, s' }, { field, title }],
        },
      },
    ],
  });
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: base.title,
    config: { ...CONFIG, concat: { spacing: 4 } },
    datasets: { rates, latency, watermarks, markers, down },
    vconcat: ok.map((v, i) => {
      const last = i === ok.length - 1;
      return {
        spacing: 4,
        vconcat: [
          metric(v, 'rates', 'output', 'results / s', { first: true, axis: false, last }),
          metric(v, 'latency', 'p99', 'p99 latency, ms', { first: false, axis: false, last }),
          metric(v, 'watermarks', 'wm', 'watermark, s', { first: false, axis: true, last }),
        ],
      };
    }),
    spacing: 16,
    resolve: { scale: { color: 'shared' } },
  };
  return { ...base, spec, table: timelineTables(ok, markers) };
}

/** The markers (one row each), then per second each engine's output, p99 latency and watermark. */
function timelineTables(ok: readonly Ok[], markers: readonly Marker[]): string {
  const markerTable = table({
    caption: 'Faults, restarts and checkpoints per engine (processing time, s).',
    head: [cell('engine'), cell('marker'), num('at'), cell('detail')],
    rows: markers.map((m) => ({ cells: [rowHead(m.engine), cell(m.marker), num(`${m.t} s`), cell(m.detail)] })),
  });
  const seconds = [...new Set(ok.flatMap((v) => [...v.ok.series.perSecond.map((p) => p.t), ...v.ok.series.latency.map((p) => p.t)]))].sort(
    (a, b) => a - b,
  );
  const wmAt = (v: Ok, end: number): string => {
    let last: number | undefined;
    for (const w of v.ok.series.watermark) if (w.t < end) last = w.wm;
    return last === undefined || !Number.isFinite(last) ? '–' : trim(last / 1000, 3);
  };
  const perSecond = table({
    caption:
      'Per second of processing time and engine: results out, p99 event-time latency (ms) and the watermark at the end of the second (s).',
    head: [cell('second'), ...ok.flatMap((v) => [num(`${v.name} out`), num(`${v.name} p99`), num(`${v.name} watermark`)])],
    rows: seconds.map((t) => ({
      cells: [
        rowHead(`${sec(t)} s`),
        ...ok.flatMap((v) => {
          const out = v.ok.series.perSecond.find((p) => p.t === t);
          const lat = v.ok.series.latency.find((p) => p.t === t);
          return [num(out ? fmtInt(out.output) : '–'), num(lat ? fmtInt(lat.p99) : '–'), num(wmAt(v, t + 1000))];
        }),
      ],
    })),
  });
  return `${markerTable}\n${perSecond}`;
}
