// Large files stream: a JSONL file of BENCH_FILE_MB (default 600 MB, beyond V8's ~512 MiB string
// limit) is read row by row with the replay's own reader, and resident memory stays flat; the first
// 100,000 rows replay without reading the rest; the heap an event costs in a whole run is measured,
// the figure behind run-limits.ts BYTES_PER_EVENT.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InputError } from '../engines/core/errors.ts';
import { readJsonFile } from '../scenarios/json-file.ts';
import { BYTES_PER_EVENT, checkFitsInMemory } from '../scenarios/run-limits.ts';
import { runScenario } from '../scenarios/runner.ts';
import { parseScenario } from '../scenarios/scenario.ts';
import { estimateRows, fileRows } from '../scenarios/workloads/file-rows.ts';
import { generate, parseWorkload } from '../scenarios/workloads/index.ts';
import type { BenchRow } from './bench-row.ts';

const MB = 1e6;

function writeLargeFile(path: string, bytes: number): number {
  const fd = openSync(path, 'w');
  const T0 = 1_700_000_000_000;
  let rows = 0;
  let written = 0;
  try {
    while (written < bytes) {
      const lines: string[] = [];
      for (let i = 0; i < 10_000; i++, rows++) {
        lines.push(JSON.stringify({ ts: T0 + rows * 10, user: `user-${rows % 5000}`, page: `/p/${rows % 97}`, amount: rows % 1000 }));
      }
      const chunk = `${lines.join('\n')}\n`;
      written += writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}

/** What `streamlab run` checks before reading a file: its rows, estimated from the first MiB, against the heap. */
function checkFileFits(path: string): void {
  const e = estimateRows(path, 'jsonl');
  checkFitsInMemory(e.rows, 'workload.file.path', `replaying about ${e.rows.toLocaleString('en-US')} rows`, e.bytesPerRow * 2 + 400);
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-bench-file-'));
  try {
    const path = join(dir, 'large.jsonl');
    const written = writeLargeFile(path, Number(process.env.BENCH_FILE_MB ?? 600) * MB);
    const size = statSync(path).size;
    gc();
    const rssStart = process.memoryUsage().rss;
    let peak = rssStart;
    let n = 0;
    let sum = 0;
    const started = performance.now();
    for (const { row } of fileRows(path, 'jsonl', { root: 'workload', timestamp: 'ts', iso: false }).rows) {
      sum += row.amount as number;
      if (++n % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const secs = (performance.now() - started) / 1000;
    if (n !== written || sum <= 0) throw new Error(`read ${n} rows of ${written}`);
    rows.push({
      name: `file replay — stream ${(size / MB).toFixed(0)} MB of JSONL (${(n / 1e6).toFixed(1)} M rows)`,
      eventsPerSec: n / secs,
      note: `${(size / MB / secs).toFixed(0)} MB/s; RSS ${(rssStart / MB).toFixed(0)} MB at the start, ${(peak / MB).toFixed(0)} MB at most while reading`,
    });
    // All of it at once would not fit this heap: refused before a row is read, with the estimate.
    const refused = performance.now();
    let message = 'accepted (the heap is large enough)';
    try {
      checkFileFits(path);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      message = e.message;
    }
    rows.push({
      name: 'file replay — the whole file (no events limit)',
      eventsPerSec: 0,
      note: `${(performance.now() - refused).toFixed(0)} ms: ${message}`,
    });

    const head = performance.now();
    const log = generate(parseWorkload({ generator: 'file', events: 100_000, file: { path, timestamp: 'ts', key: 'user' } }));
    const headSecs = (performance.now() - head) / 1000;
    rows.push({
      name: 'file replay — first 100,000 rows of the same file (events: 100000)',
      eventsPerSec: log.size / headSecs,
      note: `${(headSecs * 1000).toFixed(0)} ms: the rest of the file is never read`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Memory an event costs in a whole simulated run (input columns, engines, oracle, emissions), retained at
  // the end: the JS heap and the (shared) array buffers the columns live in, which V8's heap limit does not count.
  // The bundle runs from out/: read the catalog entry from the working directory (the checkout).
  const scenario = parseScenario(readJsonFile(join('scenarios', 'catalog', 'keyed-tumbling-count.json')), { events: 200_000 });
  const used = () => {
    const m = process.memoryUsage();
    return { heap: m.heapUsed, buffers: m.arrayBuffers };
  };
  gc();
  const before = used();
  const started = performance.now();
  const run = runScenario(scenario);
  const secs = (performance.now() - started) / 1000;
  gc();
  const after = used();
  const n = run.log.size;
  const heap = (after.heap - before.heap) / n;
  const buffers = (after.buffers - before.buffers) / n;
  rows.push({
    name: 'whole run — keyed-tumbling-count, 200,000 events, 3 engines',
    eventsPerSec: n / secs,
    note: `${(heap + buffers).toFixed(0)} bytes per event retained: ${heap.toFixed(0)} of heap, ${buffers.toFixed(0)} of array buffers (run-limits.ts plans ${BYTES_PER_EVENT} of heap)`,
  });
  return rows;
}
