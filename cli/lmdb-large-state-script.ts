// Child process of lmdb-large-state.test.ts, run with a small heap (`node --max-old-space-size=64 --import
// tsx`): the event engine keeps ~300 MB of window contents (distinct 10 kB strings collected in global
// windows that never fire) in the lmdb backend, reads some back through the backend, prints a checksum.
// argv: <db dir> <lmdb|heap> <keys> <elements per key> <string length>
import type { AggregateFunction, Rec } from '../engines/core/aggregates.ts';
import { aggregateFor } from '../engines/core/aggregates.ts';
import { HeapKeyedStateBackend, type KeyedStateBackend } from '../engines/core/state/keyed-state-backend.ts';
import { executionEnvironment, globalWindows } from '../engines/event/datastream.ts';
import { lmdbStateBackend } from './lmdb-backend.ts';

const [dir, kind, keysArg, perKeyArg, lenArg] = process.argv.slice(2);
const keys = Number(keysArg);
const perKey = Number(perKeyArg);
const len = Number(lenArg);

/** The payload of element i: a distinct flat string (`repeat` and `+` would share memory between copies). */
function payload(i: number, n: number): string {
  return Buffer.alloc(n, `${i}:${String.fromCharCode(97 + (i % 26))}`).toString('latin1');
}

const factory = kind === 'lmdb' ? lmdbStateBackend(dir!) : undefined;
const backends: KeyedStateBackend[] = [];
const stateBackend = (): KeyedStateBackend => {
  const b = factory ? factory() : new HeapKeyedStateBackend();
  backends.push(b);
  return b;
};
const collect: AggregateFunction = aggregateFor({ fn: 'collect', field: 'payload' });
const engine = executionEnvironment({ stateBackend })
  .source()
  // The source log keeps the small records; the large payload exists only in state.
  .map((r: Rec) => ({ key: r.key, payload: payload(r.i as number, len) }))
  .keyBy((r) => r.key)
  .window(globalWindows())
  .aggregate(collect)
  .engine();

let i = 0;
for (let round = 0; round < perKey; round++) {
  for (let k0 = 0; k0 < keys; k0 += 1000) {
    const chunk: Rec[] = [];
    for (let k = k0; k < Math.min(keys, k0 + 1000); k++) chunk.push({ key: `k${k}`, i: i++ });
    engine.add(chunk);
    engine.drain();
  }
}

// Read back every 97th key's window contents from the backend and checksum them.
const table = backends[0]!.table<string[]>('window-contents');
let sum = 0;
let bytes = 0;
let read = 0;
for (let k = 0; k < keys; k += 97) {
  // Global windows live in namespace MIN_TIME (the window's start).
  const contents = table.get(`k${k}`, Number.MIN_SAFE_INTEGER);
  if (contents === undefined) throw new Error(`no state for k${k}`);
  for (const s of contents) {
    for (let j = 0; j < s.length; j += 101) sum = (sum * 31 + s.charCodeAt(j)) >>> 0;
    bytes += s.length;
  }
  read++;
}
const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
process.stdout.write(
  `${JSON.stringify({ entries: backends[0]!.entryCount(), stateMb: (keys * perKey * len) / 2 ** 20, read, bytes, sum, heapMb })}\n`,
);
await factory?.close();
