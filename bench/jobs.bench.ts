// The fair table: one job (keyed tumbling count, 1,000,000 events, 1,000 keys, 10 s windows), one
// hand-written baseline in two variants (record objects through nested Maps; key-id and time columns
// through one typed array), and every engine fed the same records in the same 10,000-record chunks on the
// data's own clock (advance to the chunk's first event time, add, advance past its last; then until quiet,
// then end) — the same work whatever the machine's speed. Rows are timed on the real clock in interleaved
// rounds (each round runs every row once, in a rotating order); the median is reported with its ratio to
// both baselines. Also: the event engine fed one `add([r])` per event, as the runner used to, and through
// `feed` (each event at its own arrival, the runner now).
import type { Rec } from '../engines/core/aggregates.ts';
import type { StepEngine } from '../engines/core/engine.ts';
import { parseJob } from '../engines/core/job.ts';
import { parseWith } from '../engines/core/validate.ts';
import { EventEngine, type EventEngineOptions } from '../engines/event/event-engine.ts';
import { compileJob } from '../engines/event/pipeline.ts';
import { createMicrobatchEngine } from '../engines/microbatch/module.ts';
import { tupleEngine } from '../engines/tuple/module.ts';
import { RunInput } from '../scenarios/run-input.ts';
import { EventLog } from '../scenarios/workloads/index.ts';
import type { BenchRow } from './bench-row.ts';
import { BENCH_KEYS, BENCH_WINDOW, type BenchRecord, keyedCountJob, keyedCountRecords } from './keyed-count-workload.ts';

const CHUNK = 10_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** Baseline, objects: counts per (window, key) in nested Maps, a window emitted once the max timestamp passes its end; the rest at the end. */
export function mapLoop(records: readonly BenchRecord[]): number {
  const windows = new Map<number, Map<string, number>>();
  let emitted = 0;
  let maxTs = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    const start = r.ts - (r.ts % BENCH_WINDOW);
    let m = windows.get(start);
    if (m === undefined) windows.set(start, (m = new Map()));
    m.set(r.key, (m.get(r.key) ?? 0) + 1);
    if (r.ts > maxTs) {
      maxTs = r.ts;
      for (const [s, counts] of windows) {
        if (s + BENCH_WINDOW - 1 <= maxTs - 1) {
          emitted += counts.size;
          windows.delete(s);
        }
      }
    }
  }
  for (const counts of windows.values()) emitted += counts.size;
  return emitted;
}

/** The workload as columns: key ids and times (what the lab's input is since issue 17). */
export interface Columns {
  keyId: Int32Array;
  ts: Float64Array;
  keys: number;
}

export function columnsOf(records: readonly BenchRecord[]): Columns {
  const ids = new Map<string, number>();
  const keyId = new Int32Array(records.length);
  const ts = new Float64Array(records.length);
  records.forEach((r, i) => {
    let id = ids.get(r.key);
    if (id === undefined) ids.set(r.key, (id = ids.size));
    keyId[i] = id;
    ts[i] = r.ts;
  });
  return { keyId, ts, keys: ids.size };
}

/** Baseline, columns: counts in one Float64Array by (window, key id), every window reported at the end. */
export function columnarLoop(c: Columns): number {
  const n = c.ts.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = c.ts[i]!;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const first = Math.floor(min / BENCH_WINDOW);
  const windows = Math.floor(max / BENCH_WINDOW) - first + 1;
  const counts = new Float64Array(windows * c.keys);
  for (let i = 0; i < n; i++) counts[(Math.floor(c.ts[i]! / BENCH_WINDOW) - first) * c.keys + c.keyId[i]!]! += 1;
  let results = 0;
  for (let j = 0; j < counts.length; j++) if (counts[j]! > 0) results++;
  return results;
}

/** An engine fed chunk by chunk on the data's clock, then run until quiet, then ended; main results counted. */
export function runChunks(engine: StepEngine, chunks: readonly BenchRecord[][]): number {
  let emitted = 0;
  const drain = () => {
    for (const e of engine.drain()) if (e.output === 'main') emitted++;
  };
  for (const chunk of chunks) {
    engine.advance(chunk[0]!.ts);
    engine.add(chunk);
    engine.advance(chunk[chunk.length - 1]!.ts + 1);
    drain();
  }
  untilQuiet(engine, drain);
  engine.end();
  drain();
  return emitted;
}

function untilQuiet(engine: StepEngine, drain: () => void): void {
  for (let t = engine.nextActivity(), n = 0; t !== null && n < 1_000_000; t = engine.nextActivity(), n++) {
    engine.advance(Math.max(t, engine.now()));
    drain();
  }
}

/** The event engine as the runner used to feed it: advance to each event's time, add([r]), drain. */
function runOneByOne(engine: StepEngine, records: readonly BenchRecord[]): number {
  let emitted = 0;
  const drain = () => {
    for (const e of engine.drain()) if (e.output === 'main') emitted++;
  };
  for (const r of records) {
    engine.advance(r.ts);
    engine.add([r]);
    drain();
  }
  untilQuiet(engine, drain);
  engine.end();
  drain();
  return emitted;
}

/** The same through StepEngine.feed, as the runner now does (runs of up to 500 events between looks). */
function runFeed(engine: StepEngine, input: RunInput): number {
  let emitted = 0;
  const drain = () => {
    for (const e of engine.drain()) if (e.output === 'main') emitted++;
  };
  const n = input.arrival.length;
  for (let i = 0; i < n; ) {
    i = engine.feed!(input, i, Math.min(n, (Math.floor(i / 500) + 1) * 500));
    drain();
  }
  untilQuiet(engine, drain);
  engine.end();
  drain();
  return emitted;
}

interface Row {
  name: string;
  run: () => number;
  kind: 'baseline' | 'engine';
}

export async function bench(): Promise<BenchRow[]> {
  const records = keyedCountRecords();
  const chunks: BenchRecord[][] = [];
  for (let i = 0; i < records.length; i += CHUNK) chunks.push(records.slice(i, i + CHUNK));
  const columns = columnsOf(records);
  const input = RunInput.of(EventLog.of(records.map((r) => ({ arrival: r.ts, eventTime: r.ts, record: r as Rec }))));
  const job = parseJob(keyedCountJob);
  const event = (o: EventEngineOptions = {}) => new EventEngine(compileJob(job), o);
  const tuple = (acking: boolean) =>
    tupleEngine.create(job, parseWith(tupleEngine.options, { kind: 'tuple', acking }) as Record<string, unknown>);
  const rows: Row[] = [
    { name: 'baseline: hand-written loop, record objects, nested Maps', kind: 'baseline', run: () => mapLoop(records) },
    { name: 'baseline: hand-written loop, key-id and time columns, one typed array', kind: 'baseline', run: () => columnarLoop(columns) },
    { name: 'event engine (Flink), p=1', kind: 'engine', run: () => runChunks(event(), chunks) },
    { name: 'event engine (Flink), p=2 (one thread)', kind: 'engine', run: () => runChunks(event({ parallelism: 2 }), chunks) },
    {
      name: 'event engine, exactly-once checkpoint every 100,000 ms of event time',
      kind: 'engine',
      run: () => runChunks(event({ checkpointing: { interval: 100_000, mode: 'exactly-once' } }), chunks),
    },
    {
      name: 'event engine, same checkpoints, 2PC sink',
      kind: 'engine',
      run: () => runChunks(event({ checkpointing: { interval: 100_000, mode: 'exactly-once' }, sink: 'transactional' }), chunks),
    },
    { name: 'event engine, one add([r]) per event (the runner before)', kind: 'engine', run: () => runOneByOne(event(), records) },
    { name: 'event engine, feed: each event at its arrival (the runner now)', kind: 'engine', run: () => runFeed(event(), input) },
    {
      name: 'microbatch engine (Spark SS), 1 s trigger, noop sink',
      kind: 'engine',
      run: () => runChunks(createMicrobatchEngine(job, { kind: 'microbatch', sink: 'noop' }), chunks),
    },
    { name: 'tuple engine (Storm), windowed bolt, acking on', kind: 'engine', run: () => runChunks(tuple(true), chunks) },
    { name: 'tuple engine (Storm), windowed bolt, acking off', kind: 'engine', run: () => runChunks(tuple(false), chunks) },
  ];
  // Warm-up (JIT) on a tenth of the work, then interleaved rounds.
  const small = chunks.slice(0, 10);
  mapLoop(records.slice(0, 100_000));
  columnarLoop(columnsOf(records.slice(0, 100_000)));
  runChunks(event(), small);
  runChunks(createMicrobatchEngine(job, { kind: 'microbatch', sink: 'noop' }), small);
  runChunks(tuple(true), small);
  const times = rows.map(() => [] as number[]);
  const results = rows.map(() => -1);
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < rows.length; j++) {
      const k = (j + round) % rows.length;
      const t = performance.now();
      const result = rows[k]!.run();
      times[k]!.push(performance.now() - t);
      if (results[k]! >= 0 && results[k] !== result) throw new Error(`${rows[k]!.name}: ${result} results, earlier ${results[k]}`);
      results[k] = result;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rate = (k: number) => records.length / (median(times[k]!) / 1000);
  const total = results[0]!;
  return rows.map((row, k) => {
    // Flink flushes every window at the end of input; Spark and Storm leave the last one open (D).
    if (results[k]! < total - BENCH_KEYS || results[k]! > total)
      throw new Error(`${row.name}: ${results[k]} window results, the baselines ${total}`);
    return {
      name: row.name,
      eventsPerSec: rate(k),
      ms: median(times[k]!),
      ratios: { 'Map loop': rate(k) / rate(0), 'columnar loop': rate(k) / rate(1) },
      note: `${results[k]} results; median of ${ROUNDS} interleaved (min ${Math.min(...times[k]!).toFixed(0)} ms)`,
    };
  });
}
