import { basicBolt, type Spout, type SpoutOutputCollector } from './components.ts';
import { Runtime } from './runtime.ts';
import { topology } from './topology.ts';
import { isTick, type Tuple } from './tuple.ts';
import { windowedBolt } from './windowing/windowed-bolt.ts';

/** Emits each sentence once, with its index as msgId. */
function sentences(lines: string[]): Spout {
  let c: SpoutOutputCollector;
  let i = 0;
  return {
    open: (_ctx, collector) => {
      c = collector;
    },
    nextTuple() {
      if (i < lines.length) c.emit({ sentence: lines[i] }, i++);
    },
  };
}

const LINES = ['the cow jumped over the moon', 'an apple a day', 'the moon is made of cheese', 'four score and seven'];

function wordCount(acking: boolean) {
  const counts = new Map<string, number>();
  const tasksOf = new Map<string, Set<number>>();
  const spec = topology()
    .spout('lines', () => sentences(LINES))
    .bolt(
      'split',
      () =>
        basicBolt((t, out) => {
          for (const word of String(t.values.sentence).split(' ')) out.emit({ word });
        }),
      { parallelism: 2 },
    )
    .shuffleGrouping('lines')
    .bolt(
      'count',
      () =>
        basicBolt((t, _out, ctx) => {
          const w = t.values.word as string;
          counts.set(w, (counts.get(w) ?? 0) + 1);
          tasksOf.set(w, (tasksOf.get(w) ?? new Set()).add(ctx.taskId));
        }),
      { parallelism: 3 },
    )
    .fieldsGrouping('split', ['word'])
    .build();
  const rt = new Runtime(spec, { acking, seed: 4 });
  return { rt, counts, tasksOf };
}

test('word count: split by shuffle, count by fields grouping, every word counted once and on one task', () => {
  const { rt, counts, tasksOf } = wordCount(true);
  expect(counts.get('the')).toBe(3);
  expect(counts.get('moon')).toBe(2);
  expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(LINES.join(' ').split(' ').length);
  for (const tasks of tasksOf.values()) expect(tasks.size).toBe(1);
  expect(rt.taskIds('count')).toEqual([4, 5, 6]); // spout 1, split 2-3, count 4-6, then the acker
  expect(rt.taskIds('__acker')).toEqual([7]);
  expect(rt.counters).toMatchObject({ spoutEmits: 4, acked: 4, failed: 0 });
  expect(rt.pendingRoots()).toBe(0);
});

test('without ackers the spout hears ack at once on emit, and no acker task exists', () => {
  const { rt, counts } = wordCount(false);
  expect(counts.get('the')).toBe(3);
  expect(rt.taskIds('__acker')).toEqual([]);
  expect(rt.counters.acked).toBe(4);
});

test('the builder refuses unknown sources, reserved or duplicate ids, and bad parallelism', () => {
  const spout = () => sentences([]);
  const bolt = () => basicBolt(() => {});
  expect(() => topology().spout('s', spout).bolt('b', bolt).shuffleGrouping('nope').build()).toThrow('unknown component "nope"');
  expect(() => topology().spout('__acker', spout)).toThrow('reserved');
  expect(() => topology().spout('s', spout).spout('s', spout)).toThrow('used twice');
  expect(() => topology().spout('s', spout, { parallelism: 0 })).toThrow('parallelism');
  expect(() => topology().spout('s', spout).bolt('b', bolt).build()).toThrow('subscribes to nothing');
});

test('emitDirect reaches exactly the chosen task of a direct subscriber', () => {
  const got: Array<[number, unknown]> = [];
  const spec = topology()
    .spout('src', () => {
      let c: SpoutOutputCollector;
      let done = false;
      return {
        open: (_x, collector) => {
          c = collector;
        },
        nextTuple() {
          if (done) return;
          done = true;
          c.emitDirect(4, { n: 1 }, 'm');
        },
      };
    })
    .bolt('d', () => basicBolt((t, _o, ctx) => got.push([ctx.taskId, t.values.n])), { parallelism: 3 })
    .directGrouping('src')
    .build();
  const rt = new Runtime(spec);
  expect(got).toEqual([[4, 1]]);
  expect(rt.counters.acked).toBe(1);
});

test('tick tuples arrive every tickFrequency ms of processing time, queued behind data', () => {
  const ticks: number[] = [];
  let now = () => 0;
  const spec = topology()
    .spout('src', () => sentences([]))
    .bolt(
      'b',
      () => ({
        prepare: (ctx) => {
          now = () => ctx.now();
        },
        execute: (t: Tuple) => {
          if (isTick(t)) ticks.push(now());
        },
      }),
      { tickFrequency: 1000 },
    )
    .shuffleGrouping('src')
    .build();
  const rt = new Runtime(spec);
  rt.advanceTo(3500);
  expect(ticks).toEqual([1000, 2000, 3000]);
});

test('a Storm ≥1.0 windowed bolt in the fluent API: event-time tumbling windows anchored on their tuples', () => {
  const windows: Array<{ start: number | null; end: number | null; ids: unknown[] }> = [];
  const spec = topology()
    .spout('src', () => {
      let c: SpoutOutputCollector;
      let i = 0;
      const ts = [100, 999, 1000, 1001, 2500];
      return {
        open: (_x, collector) => {
          c = collector;
        },
        nextTuple() {
          if (i < ts.length) c.emit({ id: i, ts: ts[i] }, i++);
        },
      };
    })
    .bolt('w', () =>
      windowedBolt(
        {
          execute: (w, out) => {
            windows.push({ start: w.startTimestamp, end: w.endTimestamp, ids: w.tuples.map((t) => t.values.id) });
            out.emit({ n: w.tuples.length });
          },
        },
        { length: { duration: 1000 }, slide: { duration: 1000 }, timestampField: 'ts' },
      ),
    )
    .shuffleGrouping('src')
    .bolt('sink', () => basicBolt(() => {}))
    .shuffleGrouping('w')
    .build();
  const rt = new Runtime(spec, { messageTimeout: 5000 });
  rt.advanceTo(1000); // watermark 2500: ends 1000 and 2000
  expect(windows).toEqual([
    { start: 0, end: 1000, ids: [0, 1, 2] },
    { start: 1000, end: 2000, ids: [3] },
  ]);
  expect(rt.counters.acked).toBe(3); // the first window's tuples expired when (1000, 2000] was evaluated
});

test('a windowed bolt whose length + slide exceeds the message timeout fails at prepare, as in Storm', () => {
  const spec = topology()
    .spout('src', () => sentences([]))
    .bolt('w', () => windowedBolt({ execute: () => {} }, { length: { duration: 20_000 }, slide: { duration: 20_000 } }))
    .shuffleGrouping('src')
    .build();
  expect(() => new Runtime(spec)).toThrow('more than the message timeout 30000');
});

test('maxSpoutPending stops nextTuple while that many roots of the spout task are pending', () => {
  const seenPending: number[] = [];
  let emitted = 0;
  const spec = topology()
    .spout('src', () => {
      let c: SpoutOutputCollector;
      return {
        open: (_x, collector) => {
          c = collector;
        },
        nextTuple() {
          seenPending.push(c.pendingCount());
          if (emitted < 10) c.emit({ n: emitted }, emitted++);
        },
      };
    })
    .bolt('slow', () => basicBolt(() => {}), { cost: 100 })
    .shuffleGrouping('src')
    .build();
  const rt = new Runtime(spec, { maxSpoutPending: 2 });
  expect(emitted).toBe(2); // at t=0 two roots are pending, so nextTuple is no longer called
  rt.advanceTo(100);
  expect(emitted).toBe(3);
  rt.advanceTo(10_000);
  expect(emitted).toBe(10);
  expect(Math.max(...seenPending)).toBe(1); // never called with 2 pending
  expect(rt.counters.acked).toBe(10);
});
