import { Acker, type AckerMessage, type TreeOutcome } from './acker.ts';
import { basicBolt, type OutputCollector, type Spout, type SpoutOutputCollector } from './components.ts';
import { Runtime } from './runtime.ts';
import { topology } from './topology.ts';
import type { Tuple } from './tuple.ts';

const msg = (kind: AckerMessage['kind'], root: number, val = 0, spoutTask = -1): AckerMessage => ({
  kind,
  rootHi: 0,
  rootLo: root,
  valHi: 0,
  valLo: val,
  spoutTask,
});

function acker() {
  const told: Array<[number, TreeOutcome, number]> = [];
  return { a: new Acker((task, outcome, _hi, lo) => told.push([task, outcome, lo])), told };
}

test('the acker XORs init and acks per root and tells the spout task once the value is 0', () => {
  const { a, told } = acker();
  a.handle(msg('init', 7, 0b0110, 3));
  a.handle(msg('ack', 7, 0b0100));
  expect(told).toEqual([]);
  a.handle(msg('ack', 7, 0b0010));
  expect(told).toEqual([[3, 'ack', 7]]);
  expect(a.size).toBe(0);
});

test('an ack that overtakes its init is held until the init arrives', () => {
  const { a, told } = acker();
  a.handle(msg('ack', 9, 0b1));
  expect(told).toEqual([]);
  a.handle(msg('init', 9, 0b1, 2));
  expect(told).toEqual([[2, 'ack', 9]]);
});

test('a fail before or after the init fails the root at the spout', () => {
  const { a, told } = acker();
  a.handle(msg('init', 1, 0b11, 4));
  a.handle(msg('fail', 1));
  a.handle(msg('fail', 2));
  a.handle(msg('init', 2, 0b01, 4));
  expect(told).toEqual([
    [4, 'fail', 1],
    [4, 'fail', 2],
  ]);
});

test('the acker forgets an incomplete tree after its third rotation (3 buckets)', () => {
  const { a } = acker();
  a.handle(msg('init', 5, 1, 1));
  a.handle(msg('tick', 0));
  a.handle(msg('tick', 0));
  expect(a.size).toBe(1);
  a.handle(msg('tick', 0));
  expect(a.size).toBe(0);
});

/** A spout that emits what the test queues, and records the verdicts. */
function scriptedSpout(queue: string[], acked: string[], failed: string[]): Spout {
  let c: SpoutOutputCollector;
  return {
    open: (_ctx, collector) => {
      c = collector;
    },
    nextTuple() {
      const m = queue.shift();
      if (m !== undefined) c.emit({ m }, m);
    },
    ack: (id) => acked.push(id as string),
    fail: (id) => failed.push(id as string),
  };
}

interface Held {
  tuple: Tuple;
  collector: OutputCollector;
  component: string;
}

/**
 * src --all--> split (2 tasks: fan-out) --global--> join --global--> leaf.
 * Each split task emits 2 children anchored on its input; join emits, on its 4th input, one leaf
 * tuple anchored on all 4 (multi-anchoring). Nothing is acked until the test says so.
 */
function tree(seed: number) {
  const queue: string[] = [];
  const acked: string[] = [];
  const failed: string[] = [];
  const held: Held[] = [];
  const hold = (component: string, onExecute?: (t: Tuple, c: OutputCollector) => void) => () => ({
    execute(t: Tuple, c: OutputCollector) {
      held.push({ tuple: t, collector: c, component });
      onExecute?.(t, c);
    },
  });
  const joined: Tuple[] = [];
  const spec = topology()
    .spout('src', () => scriptedSpout(queue, acked, failed))
    .bolt(
      'split',
      hold('split', (t, c) => {
        c.emit(t, { part: 1 });
        c.emit(t, { part: 2 });
      }),
      { parallelism: 2 },
    )
    .allGrouping('src')
    .bolt(
      'join',
      hold('join', (t, c) => {
        joined.push(t);
        if (joined.length === 4) c.emit(joined, { leaf: true });
      }),
    )
    .globalGrouping('split')
    .bolt('leaf', hold('leaf'))
    .globalGrouping('join')
    .build();
  const rt = new Runtime(spec, { seed, messageTimeout: 1000 });
  const emit = (m: string) => {
    queue.push(m);
    rt.wakeSpouts();
  };
  return { rt, emit, acked, failed, held };
}

test('a tree with fan-out and multi-anchoring completes exactly when its last tuple is acked', () => {
  for (const seed of [1, 2, 3]) {
    const { rt, emit, acked, held } = tree(seed);
    emit('m1');
    // 2 split copies + 4 join inputs + 1 leaf anchored on all 4 join inputs.
    expect(held.map((h) => h.component).sort()).toEqual(['join', 'join', 'join', 'join', 'leaf', 'split', 'split']);
    expect(held.find((h) => h.component === 'leaf')!.tuple.rootCount).toBe(1);
    // Ack in an order where leaf and splits are last: the tree must stay open until every ack is in.
    const order = [...held].reverse();
    for (let i = 0; i < order.length; i++) {
      const h = order[i]!;
      h.collector.ack(h.tuple);
      rt.drain();
      expect(acked).toEqual(i === order.length - 1 ? ['m1'] : []);
    }
  }
});

test('a tuple anchored on two trees keeps both roots open until it is acked', () => {
  const queue: string[] = [];
  const acked: string[] = [];
  const held: Array<{ t: Tuple; c: OutputCollector }> = [];
  const inputs: Tuple[] = [];
  const spec = topology()
    .spout('src', () => scriptedSpout(queue, acked, []))
    .bolt('pair', () => ({
      execute(t: Tuple, c: OutputCollector) {
        inputs.push(t);
        if (inputs.length === 2) {
          c.emit(inputs, { pair: true }); // multi-anchored on two roots
          for (const x of inputs) c.ack(x);
        }
      },
    }))
    .shuffleGrouping('src')
    .bolt('sink', () => ({ execute: (t: Tuple, c: OutputCollector) => held.push({ t, c }) }))
    .shuffleGrouping('pair')
    .build();
  const rt = new Runtime(spec, { seed: 5 });
  queue.push('a', 'b');
  rt.wakeSpouts();
  expect(held).toHaveLength(1);
  expect(held[0]!.t.rootCount).toBe(2);
  expect(acked).toEqual([]);
  held[0]!.c.ack(held[0]!.t);
  rt.drain();
  expect(acked.sort()).toEqual(['a', 'b']);
});

test('one fail anywhere in the tree fails the root at once, and later acks do not complete it', () => {
  const { rt, emit, acked, failed, held } = tree(11);
  emit('m1');
  const join = held.filter((h) => h.component === 'join');
  join[2]!.collector.fail(join[2]!.tuple);
  rt.drain();
  expect(failed).toEqual(['m1']);
  for (const h of held) h.collector.ack(h.tuple);
  rt.drain();
  expect(acked).toEqual([]);
});

test('an unacked root times out between T and 2T after its emit (spout: 2 buckets rotated every T)', () => {
  const { rt, emit, failed } = tree(3);
  const T = 1000;
  const emittedAt: Record<string, number> = {};
  for (const [m, at] of [
    ['at0', 0],
    ['at500', 500],
    ['at999', 999],
    ['at1000', 1000],
    ['at1001', 1001],
  ] as const) {
    rt.advanceTo(at);
    emittedAt[m] = at;
    emit(m);
  }
  const failedAt: Record<string, number> = {};
  for (let t = 1001; t <= 4000; t++) {
    rt.advanceTo(t);
    for (const m of failed) failedAt[m] ??= t;
  }
  expect(Object.keys(failedAt).sort()).toEqual(Object.keys(emittedAt).sort());
  for (const m of Object.keys(emittedAt)) {
    const waited = failedAt[m]! - emittedAt[m]!;
    expect(waited).toBeGreaterThan(T);
    expect(waited).toBeLessThanOrEqual(2 * T);
  }
  // Ticks at 1000, 2000, 3000: emitted before the tick at 1000 expire at 2000, later ones at 3000.
  expect(failedAt).toEqual({ at0: 2000, at500: 2000, at999: 2000, at1000: 3000, at1001: 3000 });
});

test('with 3 ackers every message of a root goes to acker floorMod(31 + Long.hashCode(root), 3), and every tree completes', () => {
  let acked = 0;
  let failed = 0;
  let next = 0;
  // The runtime starts its tasks on construction: the spout waits until the spies are on.
  let go = false;
  const spout: Spout = {
    open: (_ctx, c) => {
      out = c;
    },
    nextTuple() {
      if (go && next < 300) out.emit({ v: next }, next++);
    },
    ack: () => acked++,
    fail: () => failed++,
  };
  let out!: SpoutOutputCollector;
  const spec = topology()
    .spout('s', () => spout)
    .bolt('b', () => basicBolt((t, o) => o.emit({ v: t.values.v })), { parallelism: 3 })
    .shuffleGrouping('s')
    .bolt('c', () => basicBolt(() => {}), { parallelism: 2 })
    .shuffleGrouping('b')
    .build();
  const rt = new Runtime(spec, { acking: true, ackers: 3, seed: 7 });
  const ackerIds = rt.taskIds('__acker');
  expect(ackerIds).toHaveLength(3);
  // Which acker task each root's messages reached (spied on the acker tasks' inboxes).
  const seenBy = new Map<string, Set<number>>();
  const tasks = (rt as unknown as { ackers: Array<{ deliver(m: AckerMessage): void }> }).ackers;
  tasks.forEach((task, i) => {
    const deliver = task.deliver.bind(task);
    task.deliver = (m: AckerMessage) => {
      if (m.kind !== 'tick') {
        const root = `${m.rootHi}:${m.rootLo}`;
        let s = seenBy.get(root);
        if (s === undefined) seenBy.set(root, (s = new Set()));
        s.add(i);
      }
      deliver(m);
    };
  });
  go = true;
  rt.wakeSpouts();
  rt.advanceTo(100_000);
  expect({ acked, failed, pending: rt.pendingRoots() }).toEqual({ acked: 300, failed: 0, pending: 0 });
  expect(seenBy.size).toBe(300);
  const used = new Set<number>();
  for (const [root, ackers] of seenBy) {
    const [hi, lo] = root.split(':').map(Number) as [number, number];
    // Java: Long.hashCode(v) = (int)(v ^ v >>> 32); the acker stream is fields-grouped on [root]: 31 + hash.
    const h = (31 + (hi ^ lo)) | 0;
    const expected = ((h % 3) + 3) % 3;
    expect([...ackers]).toEqual([expected]);
    used.add(expected);
  }
  expect(used.size).toBe(3);
});
