// Micro-benchmarks (tinybench) of the shared primitives on the hot paths: window assignment (windowStarts
// through the assigners), the watermark valve, Flink's key groups, Arrow batch building, Storm's XOR acker
// and the keyed state backends (heap, serialized in memory, lmdb). Each tinybench task makes a fixed number
// of calls (timer overhead would hide a 50 ns call), and the figure is calls per second; the same inputs every run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { lmdbStateBackend } from '../cli/lmdb-backend.ts';
import { createRng } from '../engines/core/random.ts';
import { HeapKeyedStateBackend, type KeyedStateBackend } from '../engines/core/state/keyed-state-backend.ts';
import { serializedMemoryBackend } from '../engines/core/state/serialized-state-backend.ts';
import { WatermarkValve } from '../engines/core/watermarks/valve.ts';
import { sliding, tumbling } from '../engines/core/windows/assigners.ts';
import { keyGroupFor } from '../engines/event/key-groups.ts';
import { buildBatch, columnsOf } from '../engines/microbatch/arrow-batch.ts';
import { KeyDictionary } from '../engines/microbatch/key-dictionary.ts';
import { Scratch } from '../engines/microbatch/scratch.ts';
import { Acker, type AckerMessage } from '../engines/tuple/acker.ts';
import type { BenchRow } from './bench-row.ts';
import { keyedCountRecords } from './keyed-count-workload.ts';

const TIME = Number(process.env.BENCH_MICRO_MS ?? 400);

export async function bench(): Promise<BenchRow[]> {
  const b = new Bench({ time: TIME, warmupTime: 100 } as ConstructorParameters<typeof Bench>[0]);
  /** Calls each task makes per invocation, by task name. */
  const per = new Map<string, number>();
  const add = (name: string, calls: number, fn: () => void) => {
    per.set(name, calls);
    b.add(name, fn);
  };
  const starts: number[] = [];
  const tum = tumbling(10_000);
  const sli = sliding(10_000, 2_000);
  let ts = 0;
  add('assigners: tumbling windowStarts (1 window)', 1000, () => {
    for (let i = 0; i < 1000; i++) tum.assignStarts!(ts++, starts);
  });
  add('assigners: sliding 10 s / 2 s windowStarts (5 windows)', 1000, () => {
    for (let i = 0; i < 1000; i++) sli.assignStarts!(ts++, starts);
  });
  const valve = new WatermarkValve(4);
  const out = { watermark: () => {} };
  let wm = 0;
  add('watermark valve: one of 4 channels advances (min over channels)', 1000, () => {
    for (let i = 0; i < 1000; i++, wm++) valve.inputWatermark(wm & 3, wm >> 2, out);
  });
  const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);
  add('key groups: keyGroupFor (Java hashCode + murmur), string key, 128 groups', 1000, () => {
    for (let i = 0; i < 1000; i++) keyGroupFor(keys[i]!, 128);
  });
  const batch = keyedCountRecords(10_000);
  const dict = new KeyDictionary();
  const scratch = new Scratch();
  const spec = { key: 'key', timestamp: 'ts', value: undefined, collect: undefined, streams: ['main'] };
  add('Arrow batch building: records → record batch, columns read (per record)', 10_000, () => {
    columnsOf(buildBatch(batch, spec, dict, scratch), scratch);
  });
  const rng = createRng(7);
  const edges = Array.from({ length: 1024 }, () => [rng.int(1, 0x7fffffff), rng.int(1, 0x7fffffff)] as const);
  let root = 0;
  let done = 0;
  const acker = new Acker(() => done++);
  const msg = (kind: AckerMessage['kind'], hi: number, valHi: number, valLo: number): AckerMessage => ({
    kind,
    rootHi: hi,
    rootLo: 1,
    valHi,
    valLo,
    spoutTask: 1,
  });
  add('XOR acker: one tree (init + 3 acks XOR to zero)', 100, () => {
    for (let i = 0; i < 100; i++) {
      const hi = root++;
      const [a, c] = edges[hi & 1023]!;
      acker.handle(msg('init', hi, a, c));
      acker.handle(msg('ack', hi, a ^ 5, c ^ 9));
      acker.handle(msg('ack', hi, 5 ^ 3, 9 ^ 4));
      acker.handle(msg('ack', hi, 3, 4));
    }
  });
  const lmdb = lmdbStateBackend(mkdtempSync(join(tmpdir(), 'streamlab-bench-micro-')));
  const backends: Array<[string, KeyedStateBackend]> = [
    ['heap', new HeapKeyedStateBackend()],
    ['serialized (JSON in memory)', serializedMemoryBackend()],
    ['lmdb (msgpack)', lmdb()],
  ];
  for (const [name, backend] of backends) {
    const table = backend.table<number>('count');
    let ns = 0;
    add(`state backend ${name}: get + set of a (key, window), 1,000 keys`, 1000, () => {
      ns = (ns + 1) & 7;
      for (let i = 0; i < 1000; i++) table.set(keys[i]!, ns, (table.get(keys[i]!, ns) ?? 0) + 1);
    });
  }
  try {
    await b.run();
  } finally {
    await lmdb.close();
  }
  if (done === 0) throw new Error('the acker completed no tree');
  return b.tasks.map((t) => {
    const r = t.result as unknown as { throughput?: { mean: number }; latency?: { mean: number; rme: number } };
    const calls = per.get(t.name) ?? 1;
    const opsPerSec = (r.throughput?.mean ?? 0) * calls;
    return {
      name: t.name,
      opsPerSec,
      note: `${opsPerSec > 0 ? (1e9 / opsPerSec).toFixed(1) : '?'} ns per call ±${(r.latency?.rme ?? 0).toFixed(1)} % (tinybench, ${TIME} ms, ${calls} calls per sample)`,
    };
  });
}
