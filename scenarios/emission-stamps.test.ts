// The simulated runner stamps an emission with the engine's clock at the instant the engine produced it: a
// Flink window fired by a periodic watermark, a Spark batch fired by its trigger, a Storm window evaluated on
// its watermark tick — not at the next arrival, which in a sparse file may be seconds later (core/feed.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN } from './emission-log.ts';
import { runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'streamlab-stamps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// One event every 5 s on the data's own clock, two keys: each 1 s window holds one event.
writeFileSync(join(dir, 'sparse.csv'), `ts,key\n${Array.from({ length: 12 }, (_, i) => `${i * 5000},k${i % 2}`).join('\n')}\n`);

const s = parseScenario({
  name: 'sparse',
  title: 'Sparse',
  question: 'When does each window come out?',
  workload: { generator: 'file', file: { path: 'sparse.csv', timestamp: 'ts' } },
  job: { key: 'key', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } },
  engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple', watermark: { lag: 0 } }],
});
const run = runScenario(s, { baseDir: dir });
const arrivals = new Set(Array.from({ length: 12 }, (_, i) => i * 5000));

/** Each engine's main emissions: when, and which window. */
const stamps = (id: string) => {
  const r = run.engines.find((e) => e.entry.id === id)!;
  if (!r.supported) throw new Error(r.reason);
  const out: Array<{ at: number; start: number }> = [];
  for (let i = 0; i < r.emissions.length; i++)
    if (r.emissions.kind(i) === MAIN) out.push({ at: r.emissions.at(i), start: r.emissions.start(i) });
  return out;
};

test('Flink: the window [0, 1000) fires at the first periodic watermark after the event at 5 s moved it (200 ms, A), not at 10 s', () => {
  const first = stamps('event').find((e) => e.start === 0)!;
  expect(first.at).toBe(5200);
});

test('Spark and Storm emit between arrivals, at their own trigger or watermark tick, never later than the next arrival', () => {
  for (const id of ['microbatch', 'tuple']) {
    const out = stamps(id);
    expect(out.length).toBeGreaterThan(0);
    // Every window's result comes out before the arrival that follows the one that closed it.
    for (const e of out) expect(arrivals.has(e.at)).toBe(false);
    const first = out[0]!;
    expect(first.at).toBeGreaterThan(5000);
    expect(first.at).toBeLessThan(10_000);
  }
});
