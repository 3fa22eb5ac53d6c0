// Checkpoint size and time against state size for the heap backend and the lmdb backend (A11), measured in
// Node when the notebooks are built and embedded in notebook 10: lmdb is a native module and does not run
// in a browser. Each figure: N keys in one open window (N state entries), then a synchronous checkpoint
// (snapshot + serialize + store), the median wall time of a few. Figures of this machine at build time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lmdbStateBackend } from '../../cli/lmdb-backend.ts';
import { parseJob } from '../../engines/core/job.ts';
import { HeapKeyedStateBackend, type KeyedStateBackend } from '../../engines/core/state/keyed-state-backend.ts';
import { EventEngine } from '../../engines/event/event-engine.ts';
import { compileJob } from '../../engines/event/pipeline.ts';

export interface BackendFigure {
  backend: 'heap' | 'lmdb';
  entries: number;
  /** Serialized checkpoint size as the engine's recovery log counts it (UTF-16 code units). */
  bytes: number;
  /** Median wall time of one checkpoint, ms. */
  ms: number;
}

export interface BackendFigures {
  measuredAt: string;
  node: string;
  platform: string;
  figures: BackendFigure[];
}

export const STATE_SIZES = [1_000, 5_000, 20_000];
const REPEAT = 5;

function measure(entries: number, backend: () => KeyedStateBackend, name: BackendFigure['backend']): BackendFigure {
  const job = parseJob({ key: 'key', window: { kind: 'tumbling', size: 3_600_000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } });
  const engine = new EventEngine(compileJob(job), { stateBackend: backend });
  engine.add(Array.from({ length: entries }, (_, i) => ({ key: `k${i}`, ts: 1000 })));
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t = performance.now();
    engine.checkpoint();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const bytes = engine.recoveryLog().checkpoints.at(-1)!.bytes;
  engine.restart(); // disposes the backends (lmdb sub-databases are cleared and reused)
  return { backend: name, entries, bytes, ms: Number(times[Math.floor(REPEAT / 2)]!.toFixed(2)) };
}

export async function measureStateBackends(sizes = STATE_SIZES): Promise<BackendFigures> {
  const lmdb = lmdbStateBackend(mkdtempSync(join(tmpdir(), 'streamlab-notebook-lmdb-')));
  const figures: BackendFigure[] = [];
  try {
    measure(1000, () => new HeapKeyedStateBackend(), 'heap'); // warm-up
    for (const n of sizes) {
      figures.push(measure(n, () => new HeapKeyedStateBackend(), 'heap'));
      figures.push(measure(n, lmdb, 'lmdb'));
    }
  } finally {
    await lmdb.close();
  }
  return { measuredAt: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, figures };
}
