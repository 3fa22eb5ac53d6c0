// Checkpoint cost (A9, A11) on both state backends: the wall time of each synchronous checkpoint
// (snapshot + serialize + store) and its size, taken every second of event arrival time, for the lab's
// default scenario (keyed-tumbling-count: 10 keys) and for the bench workload's 1,000 keys.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lmdbStateBackend } from '../cli/lmdb-backend.ts';
import type { Rec } from '../engines/core/aggregates.ts';
import { parseJob } from '../engines/core/job.ts';
import { HeapKeyedStateBackend, type KeyedStateBackend } from '../engines/core/state/keyed-state-backend.ts';
import { EventEngine } from '../engines/event/event-engine.ts';
import { compileJob } from '../engines/event/pipeline.ts';
import { loadScenario } from '../scenarios/catalog.ts';
import { generate } from '../scenarios/workloads/index.ts';
import type { BenchRow } from './bench-row.ts';
import { keyedCountJob, keyedCountRecords } from './keyed-count-workload.ts';

interface Workload {
  label: string;
  job: unknown;
  events: Array<{ arrival: number; record: Rec }>;
}

function defaultScenario(): Workload {
  // A path, not a catalog name: the bench runs bundled, away from the catalog's folder.
  const { scenario } = loadScenario(join(process.cwd(), 'scenarios', 'catalog', 'keyed-tumbling-count.json'), {});
  const log = generate(scenario.workload);
  return {
    label: 'keyed-tumbling-count scenario (10 keys)',
    job: scenario.job,
    events: log.events.map((e) => ({ arrival: e.arrival, record: e.record })),
  };
}

function benchWorkload(): Workload {
  // 200,000 events of the bench workload arriving at 10,000/s: 20 checkpoints over 1,000 keys.
  const records = keyedCountRecords(200_000);
  return {
    label: 'bench workload (1,000 keys, 10 s windows)',
    job: keyedCountJob,
    events: records.map((r, i) => ({ arrival: Math.floor(i / 10), record: r })),
  };
}

function measure(w: Workload, stateBackend: () => KeyedStateBackend) {
  const engine = new EventEngine(compileJob(parseJob(w.job)), { stateBackend });
  const times: number[] = [];
  let next = 1000;
  const t0 = performance.now();
  for (const { arrival, record } of w.events) {
    if (arrival >= next) {
      engine.advance(next);
      const t = performance.now();
      engine.checkpoint();
      times.push(performance.now() - t);
      next += 1000;
    }
    engine.advance(arrival);
    engine.add([record]);
    engine.drain();
  }
  const total = performance.now() - t0;
  const bytes = engine.recoveryLog().checkpoints.map((c) => c.bytes);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    rate: w.events.length / (total / 1000),
    n: times.length,
    meanMs: mean(times),
    maxMs: Math.max(...times),
    meanKiB: mean(bytes) / 1024,
  };
}

export async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const lmdb = lmdbStateBackend(mkdtempSync(join(tmpdir(), 'streamlab-bench-cp-')));
  try {
    for (const w of [defaultScenario(), benchWorkload()]) {
      for (const [name, backend] of [
        ['heap', () => new HeapKeyedStateBackend()],
        ['lmdb', lmdb],
      ] as const) {
        measure(w, backend); // warm-up
        const m = measure(w, backend);
        rows.push({
          name: `checkpoint every 1 s, ${name} — ${w.label}`,
          eventsPerSec: m.rate,
          note: `${m.n} checkpoints: mean ${m.meanMs.toFixed(2)} ms, max ${m.maxMs.toFixed(2)} ms, mean size ${m.meanKiB.toFixed(1)} KiB`,
        });
      }
    }
  } finally {
    await lmdb.close();
  }
  return rows;
}
