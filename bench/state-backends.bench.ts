// State backends (A11) on the event engine's keyed tumbling count: the heap backend (live objects) beside
// the lmdb backend (every access (de)serializes through lmdb), same records, same process, on the data's
// clock (jobs.bench.ts runChunks), so both do the same work whatever the machine's speed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lmdbStateBackend } from '../cli/lmdb-backend.ts';
import { parseJob } from '../engines/core/job.ts';
import { HeapKeyedStateBackend, type KeyedStateBackend } from '../engines/core/state/keyed-state-backend.ts';
import { EventEngine } from '../engines/event/event-engine.ts';
import { compileJob } from '../engines/event/pipeline.ts';
import type { BenchRow } from './bench-row.ts';
import { runChunks } from './jobs.bench.ts';
import { type BenchRecord, keyedCountJob, keyedCountRecords } from './keyed-count-workload.ts';

function run(chunks: readonly BenchRecord[][], stateBackend: () => KeyedStateBackend): { ms: number; emitted: number } {
  const t0 = performance.now();
  const emitted = runChunks(new EventEngine(compileJob(parseJob(keyedCountJob)), { stateBackend }), chunks);
  return { ms: performance.now() - t0, emitted };
}

function chunked(records: readonly BenchRecord[], size = 10_000): BenchRecord[][] {
  const out: BenchRecord[][] = [];
  for (let i = 0; i < records.length; i += size) out.push(records.slice(i, i + size));
  return out;
}

export async function bench(): Promise<BenchRow[]> {
  const records = keyedCountRecords();
  const chunks = chunked(records);
  const lmdb = lmdbStateBackend(mkdtempSync(join(tmpdir(), 'streamlab-bench-lmdb-')));
  try {
    const heap = () => new HeapKeyedStateBackend();
    const warm = chunked(records.slice(0, 50_000));
    run(warm, heap);
    run(warm, lmdb);
    // Best of 3, interleaved, as the other benches do on a noisy machine.
    let h = { ms: Number.POSITIVE_INFINITY, emitted: 0 };
    let l = { ms: Number.POSITIVE_INFINITY, emitted: 0 };
    for (let i = 0; i < 3; i++) {
      const a = run(chunks, heap);
      if (a.ms < h.ms) h = a;
      const b = run(chunks, lmdb);
      if (b.ms < l.ms) l = b;
    }
    if (h.emitted !== l.emitted) throw new Error(`heap emitted ${h.emitted} window results, lmdb ${l.emitted}`);
    const hRate = records.length / (h.ms / 1000);
    const lRate = records.length / (l.ms / 1000);
    return [
      {
        name: 'event engine, heap state backend — keyed tumbling count',
        eventsPerSec: hRate,
        note: `${h.emitted} window results; best of 3`,
      },
      {
        name: 'event engine, lmdb state backend — same job',
        eventsPerSec: lRate,
        ratios: { heap: lRate / hRate },
        note: 'msgpack, write buffer of 2,048; best of 3',
      },
    ];
  } finally {
    await lmdb.close();
  }
}
