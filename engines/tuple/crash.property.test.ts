// Property tests (fast-check, fixed seed) of acking across random crash schedules (C1, C2), on a
// non-windowed topology where "reflected" is checkable: every id the spout emits ends at the sink bolt,
// which records it.
//
//   ids (replaying spout) --shuffle--> relay (P1, cost c1) --fields(id)--> batch (P2, cost c2) --global--> sink
//
// `batch` holds tuples in memory (bolt state, lost on a crash) and flushes every `size` tuples or on a
// tick tuple, emitting each anchored on its input and then acking it. Crashes hit every bolt and the
// ackers at once (`crashBolts`, a worker dying) or one random bolt or acker task (`crashTask`).
import fc from 'fast-check';
import { ACKER_COMPONENT } from './acker.ts';
import { type Bolt, basicBolt, type OutputCollector, type Spout, type SpoutOutputCollector } from './components.ts';
import { Runtime } from './runtime.ts';
import { topology } from './topology.ts';
import { isTick, type Tuple } from './tuple.ts';

const FC = { seed: 20260611, numRuns: 300 };

interface Step {
  /** ms of processing time before the step. */
  readonly dt: number;
  /** New ids appended to the source. */
  readonly add: number;
  /** none, every bolt task and the ackers, or one task (index into the crashable tasks, modulo). */
  readonly crash: { readonly kind: 'none' } | { readonly kind: 'all' } | { readonly kind: 'task'; readonly pick: number };
}

interface Schedule {
  readonly relayParallelism: number;
  readonly batchParallelism: number;
  readonly relayCost: number;
  readonly batchCost: number;
  readonly batchSize: number;
  readonly tick: number;
  readonly messageTimeout: number;
  readonly seed: number;
  readonly steps: readonly Step[];
}

const step: fc.Arbitrary<Step> = fc.record({
  dt: fc.integer({ min: 0, max: 400 }),
  add: fc.integer({ min: 0, max: 8 }),
  crash: fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'all' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('task' as const), pick: fc.nat({ max: 20 }) }) },
  ),
});

const schedule: fc.Arbitrary<Schedule> = fc.record({
  relayParallelism: fc.integer({ min: 1, max: 3 }),
  batchParallelism: fc.integer({ min: 1, max: 3 }),
  relayCost: fc.integer({ min: 0, max: 3 }),
  batchCost: fc.integer({ min: 0, max: 3 }),
  batchSize: fc.integer({ min: 1, max: 5 }),
  tick: fc.integer({ min: 50, max: 400 }),
  messageTimeout: fc.integer({ min: 500, max: 3000 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  steps: fc.array(step, { minLength: 1, maxLength: 25 }),
});

/** A growing list of ids; failed ids are replayed first, as new trees (the spout's job, C2). */
class IdSpout {
  available = 0;
  /** Spout emissions per id (first emission + replays). */
  readonly emissions: number[] = [];
  readonly retry: number[] = [];

  create(): Spout {
    let c: SpoutOutputCollector;
    let next = 0;
    return {
      open: (_ctx, collector) => {
        c = collector;
      },
      nextTuple: () => {
        const again = this.retry.shift();
        const id = again ?? (next < this.available ? next++ : undefined);
        if (id === undefined) return;
        this.emissions[id] = (this.emissions[id] ?? 0) + 1;
        c.emit({ id }, id);
      },
      fail: (msgId) => this.retry.push(msgId as number),
    };
  }
}

/** Holds tuples in memory; flushes each anchored on itself, then acks it (a careful rich bolt). */
function batchBolt(size: number): Bolt {
  const held: Tuple[] = [];
  let out: OutputCollector;
  const flush = () => {
    for (const t of held.splice(0)) {
      out.emit(t, { id: t.values.id });
      out.ack(t);
    }
  };
  return {
    prepare: (_ctx, collector) => {
      out = collector;
    },
    execute: (t) => {
      if (isTick(t)) {
        flush();
        return;
      }
      held.push(t);
      if (held.length >= size) flush();
    },
  };
}

interface Outcome {
  /** How many times each id reached the sink. */
  reflected: number[];
  /** Spout emissions per id. */
  emissions: number[];
  total: number;
  /** Ids emitted but not reflected at each crash (in flight or in bolt memory then), and whether all crashed. */
  crashes: Array<{ inFlight: Set<number>; all: boolean; doomed: number }>;
  runtime: Runtime;
  spout: IdSpout;
}

function run(s: Schedule, acking: boolean): Outcome {
  const spout = new IdSpout();
  const reflected: number[] = [];
  const spec = topology()
    .spout('ids', () => spout.create())
    .bolt('relay', () => basicBolt((t, c) => void c.emit({ id: t.values.id })), { parallelism: s.relayParallelism, cost: s.relayCost })
    .shuffleGrouping('ids')
    .bolt('batch', () => batchBolt(s.batchSize), { parallelism: s.batchParallelism, cost: s.batchCost, tickFrequency: s.tick })
    .fieldsGrouping('relay', ['id'])
    .bolt('sink', () =>
      basicBolt((t) => {
        const id = t.values.id as number;
        reflected[id] = (reflected[id] ?? 0) + 1;
      }),
    )
    .globalGrouping('batch')
    .build();
  const rt = new Runtime(spec, { acking, messageTimeout: s.messageTimeout, seed: s.seed });
  const crashable = [...rt.taskIds('relay'), ...rt.taskIds('batch'), ...rt.taskIds('sink'), ...(acking ? rt.taskIds(ACKER_COMPONENT) : [])];
  const crashes: Outcome['crashes'] = [];
  const inFlight = () => {
    const ids = new Set<number>();
    for (let id = 0; id < spout.available; id++) if ((spout.emissions[id] ?? 0) > 0 && (reflected[id] ?? 0) === 0) ids.add(id);
    return ids;
  };
  for (const st of s.steps) {
    rt.advanceTo(rt.now() + st.dt);
    if (st.crash.kind === 'all') {
      const snapshot = inFlight();
      crashes.push({ inFlight: snapshot, all: true, doomed: rt.crashBolts() });
    } else if (st.crash.kind === 'task') {
      const snapshot = inFlight();
      rt.crashTask(crashable[st.crash.pick % crashable.length]!);
      crashes.push({ inFlight: snapshot, all: false, doomed: 0 });
    }
    if (st.add > 0) {
      spout.available += st.add;
      rt.wakeSpouts();
    }
  }
  // Enough time for every timeout (within 2T) and its replay, repeated while trees keep failing.
  for (let i = 0; i < 40 && (rt.pendingRoots() > 0 || spout.retry.length > 0 || i < 3); i++) {
    rt.advanceTo(rt.now() + 2 * s.messageTimeout + s.tick);
  }
  return { reflected, emissions: spout.emissions, total: spout.available, crashes, runtime: rt, spout };
}

test('with acking, every input is reflected at least once after random crashes, and extras are exact replays', () => {
  fc.assert(
    fc.property(schedule, (s) => {
      const o = run(s, true);
      expect(o.runtime.pendingRoots()).toBe(0);
      expect(o.spout.retry).toEqual([]);
      const replays = o.emissions.reduce((n, e) => n + e - 1, 0);
      expect(o.runtime.counters.failed + o.runtime.counters.timedOut).toBe(replays);
      expect(o.reflected.length).toBeLessThanOrEqual(o.total); // only ids the source had
      let extras = 0;
      for (let id = 0; id < o.total; id++) {
        const got = o.reflected[id] ?? 0;
        expect(got).toBeGreaterThanOrEqual(1); // reflected at least once
        expect(got - 1).toBeLessThanOrEqual(o.emissions[id]! - 1); // every extra is a replay of that id
        extras += got - 1;
      }
      // Each root a whole-worker crash dooms fails by timeout once and is re-emitted.
      const doomed = o.crashes.reduce((n, c) => n + c.doomed, 0);
      expect(doomed).toBeLessThanOrEqual(o.runtime.counters.timedOut);
      if (o.crashes.length === 0 && s.relayCost + s.batchCost === 0) expect(extras).toBe(0);
    }),
    FC,
  );
});

test('without acking, nothing is duplicated or replayed, and every loss was in flight or in bolt memory at a crash', () => {
  fc.assert(
    fc.property(schedule, (s) => {
      const o = run(s, false);
      expect(o.runtime.pendingRoots()).toBe(0);
      expect(o.crashes.every((c) => c.doomed === 0)).toBe(true);
      const atCrash = new Set<number>();
      for (const c of o.crashes) for (const id of c.inFlight) atCrash.add(id);
      for (let id = 0; id < o.total; id++) {
        expect(o.emissions[id]).toBe(1); // emitted once, never replayed
        const got = o.reflected[id] ?? 0;
        expect(got).toBeLessThanOrEqual(1);
        if (got === 0) expect(atCrash.has(id)).toBe(true);
      }
      if (o.crashes.length === 0) expect(o.reflected.filter((n) => n === 1).length).toBe(o.total);
    }),
    FC,
  );
});

test('the schedules do exercise losses, replays and duplicates', () => {
  // Guard against a vacuous property: over the same seeded schedules, crashes must actually bite.
  const samples = fc.sample(schedule, { seed: FC.seed, numRuns: 60 });
  let lost = 0;
  let replayed = 0;
  let duplicated = 0;
  for (const s of samples) {
    const a = run(s, true);
    replayed += a.emissions.reduce((n, e) => n + e - 1, 0);
    duplicated += a.reflected.reduce((n, r) => n + r - 1, 0);
    const b = run(s, false);
    for (let id = 0; id < b.total; id++) if ((b.reflected[id] ?? 0) === 0) lost++;
  }
  expect(lost).toBeGreaterThan(0);
  expect(replayed).toBeGreaterThan(0);
  expect(duplicated).toBeGreaterThan(0);
});
