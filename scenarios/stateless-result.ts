// One engine's part of result.json for a stateless job (issue 18): its output records against the ground
// truth (the filtered, mapped input, stateless-scenario.ts) as a multiset (output-multiset.ts, as a join's
// pairs are compared) — matched, missing, extra — each difference with its cause: an extra copy of an
// expected record after a fault or a replay is `replayed-duplicate` (Flink's restart from a checkpoint with
// a plain sink, A9; Spark's re-run batch, B7; Storm's at-least-once replays, C2); a record never emitted
// when a fault happened is `lost-on-crash` (Storm without acking, C2: at-most-once). Latency: emit time −
// the input's arrival (event time, at rate pace), per output.
import type { Rec } from '../engines/core/aggregates.ts';
import { csvLines, type FilesSpec } from '../engines/core/files/files-spec.ts';
import { engineModule } from '../engines/registry.ts';
import type { Cause } from './correctness.ts';
import { MAIN } from './emission-log.ts';
import { faultDetails, faultMarks } from './engine-result.ts';
import { tableRow } from './files-result.ts';
import {
  EMISSION_SAMPLE,
  type EmissionPoint,
  type LatencyPoint,
  type Percentiles,
  percentiles,
  realThroughput,
  recoveryTimes,
  throughput,
} from './metrics.ts';
import { ExpectedMultiset, perSecond, recordText } from './output-multiset.ts';
import type { EngineRun, ScenarioRun } from './runner.ts';
import { boundSeries } from './series-bounds.ts';
import { onProcessingClock } from './workloads/replay-clock.ts';

type Ok = Extract<EngineRun, { supported: true }>;

/** At most this many differences are listed (all are counted). */
export const STATELESS_DIFFERENCES = 200;

export interface StatelessCorrectness {
  /** Records in the ground truth. */
  records: number;
  /** Records the engine emitted. */
  emitted: number;
  matched: number;
  missing: number;
  extra: number;
  /** Extra records that repeat an expected one (a replay's second copy). */
  duplicates: number;
  causes: Partial<Record<Cause, number>>;
  differences: Array<{ kind: 'missing' | 'extra'; record: Rec; cause: Cause }>;
}

/** The measured part of a stateless engine's result: throughput, latency, correctness (with `stateless`), recovery, series. */
export function statelessMeasuredResult(run: ScenarioRun, r: Ok, files?: FilesSpec) {
  const facts = engineModule(r.entry.kind)!.facts(r.entry.options, r.entry.job ?? undefined);
  const input = run.input;
  const outputs = run.outputs ?? [];
  const real = r.real;
  const maxPace = real?.pace === 'max';
  // Per output identity, the inputs it came from in arrival order: the n-th copy emitted pairs with the n-th input.
  const sources = new Map<string, number[]>();
  for (const o of outputs) {
    const t = recordText(o.record);
    const list = sources.get(t);
    if (list) list.push(o.input);
    else sources.set(t, [o.input]);
  }
  const used = new Map<string, number>();
  const arrivalOf = (i: number) => (maxPace && real?.ingest ? real.ingest[input.logIndex[i]!]! : input.arrivalOf(i));
  const expected = new ExpectedMultiset(outputs, (o) => recordText(o.record));
  const rec = r.recovery;
  const replays = (rec?.faults.length ?? 0) > 0 || (rec?.replayed ?? 0) > 0;
  const causes: Partial<Record<Cause, number>> = {};
  const differences: StatelessCorrectness['differences'] = [];
  const count = (kind: 'missing' | 'extra', record: Rec, cause: Cause) => {
    causes[cause] = (causes[cause] ?? 0) + 1;
    if (differences.length < STATELESS_DIFFERENCES) differences.push({ kind, record, cause });
  };
  const from = real ? real.from : Number.NEGATIVE_INFINITY;
  const log = r.emissions;
  let emitted = 0;
  let matched = 0;
  let extra = 0;
  let duplicates = 0;
  const lat: number[] = [];
  const eventLat: number[] = [];
  const perSecondLat = new Map<number, number[]>();
  const outputsPerSecond = new Map<number, number>();
  const mainAts: number[] = [];
  const batches: number[] = [];
  const sample: EmissionPoint[] = [];
  for (let i = 0; i < log.length; i++) {
    if (log.kind(i) !== MAIN) continue;
    emitted++;
    const at = log.at(i);
    const value = log.value(i) as Rec;
    const t = recordText(value);
    mainAts.push(at);
    if (expected.take(t) !== undefined) matched++;
    else {
      extra++;
      const again = expected.has(t);
      if (again) duplicates++;
      count('extra', value, again && replays ? 'replayed-duplicate' : 'unexplained');
    }
    const list = sources.get(t);
    if (list && at >= from) {
      const n = used.get(t) ?? 0;
      used.set(t, n + 1);
      const src = list[Math.min(n, list.length - 1)]!;
      const l = at - arrivalOf(src);
      lat.push(l);
      eventLat.push(maxPace ? l : at - onProcessingClock(run.log.clock, input.eventTime[src]!));
      const sec = Math.floor(at / 1000) * 1000;
      const bucket = perSecondLat.get(sec);
      if (bucket) bucket.push(l);
      else perSecondLat.set(sec, [l]);
    }
    const sec = Math.floor(at / 1000) * 1000;
    outputsPerSecond.set(sec, (outputsPerSecond.get(sec) ?? 0) + 1);
    if (facts.processing === 'micro-batch' && batches[batches.length - 1] !== at) batches.push(at);
    if (sample.length < EMISSION_SAMPLE) sample.push({ t: at, key: null, window: null, value });
  }
  const missingOnes = expected.remaining();
  // A file sink's row written to a file no reader sees yet is `not-committed` (files-result.ts).
  const hidden = new Map<string, number>();
  for (const f of r.files?.files ?? []) {
    if (f.visible) continue;
    for (const line of csvLines(f.text)) hidden.set(`${f.partition}\t${line}`, (hidden.get(`${f.partition}\t${line}`) ?? 0) + 1);
  }
  for (const o of missingOnes) {
    const t = files ? tableRow(o.record, files) : '';
    const h = hidden.get(t) ?? 0;
    if (h > 0) hidden.set(t, h - 1);
    count('missing', o.record, h > 0 ? 'not-committed' : (rec?.faults.length ?? 0) > 0 ? 'lost-on-crash' : 'unexplained');
  }
  const stateless: StatelessCorrectness = {
    records: outputs.length,
    emitted,
    matched,
    missing: missingOnes.length,
    extra,
    duplicates,
    causes,
    differences,
  };
  const latencyPoints: LatencyPoint[] = [...perSecondLat.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, vs]) => {
      const p = percentiles(vs);
      return { t, p50: p.p50, p99: p.p99, max: p.max };
    });
  const recovery = { faults: 0, downtimeMs: 0, recoveryMs: 0, replayed: 0, lost: 0, duplicated: 0 };
  if (rec && rec.faults.length > 0) {
    Object.assign(recovery, recoveryTimes(rec.faults, mainAts, latencyPoints, r.endTime));
    recovery.faults = rec.faults.length;
    recovery.replayed = rec.replayed;
    recovery.lost = causes['lost-on-crash'] ?? 0;
    recovery.duplicated = causes['replayed-duplicate'] ?? 0;
  }
  const processing: Percentiles = percentiles(lat);
  const series = boundSeries({
    perSecond: perSecond(run.log.arrival, outputsPerSecond),
    watermark: r.watermarks,
    emissions: sample,
    emissionCount: emitted,
    latency: latencyPoints,
    batches,
    ...faultMarks(rec),
    ...faultDetails(rec),
  });
  return {
    facts,
    stateless,
    throughput: real ? realThroughput(real, lat.length) : throughput(run.log.arrival, emitted),
    latency: { eventTime: percentiles(eventLat, true), windowEnd: percentiles([]), processingTime: processing },
    correctness: {
      windows: outputs.length,
      exact: matched,
      wrong: 0,
      missing: missingOnes.length,
      extra,
      duplicates,
      updates: 0,
      lateDropped: 0,
      lateSideOutput: 0,
      causes,
      differences: [],
    },
    recovery,
    series,
  };
}
