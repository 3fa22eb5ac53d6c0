// Notebook 7's word count on Storm's own runtime (the tuple engine's Runtime, topology builder, acker and the
// lab's replayable spout): sentences → split (one word tuple per word, anchored) → count (fields grouping,
// in-memory counts) → sink (the latest count per word). The bolts are user code, as in Storm: they fail a
// tuple with a seeded probability. The run is observed, not modelled: every tuple delivered (its tree's root
// and edge id), every acker message, every verdict to the spout, as the runtime makes them (C1, C2).
import { SourceLog } from '../../../engines/core/source-log.ts';
import type { AckerMessage } from '../../../engines/tuple/acker.ts';
import type { Bolt, Spout, SpoutOutputCollector } from '../../../engines/tuple/components.ts';
import { replayableSpout, type SourceCounters } from '../../../engines/tuple/replayable-spout.ts';
import { Runtime } from '../../../engines/tuple/runtime.ts';
import type { SpoutMessage } from '../../../engines/tuple/task.ts';
import { topology } from '../../../engines/tuple/topology.ts';
import { type Tuple, toBigInt } from '../../../engines/tuple/tuple.ts';
import { seeded } from '../../lib/workload.ts';

export type Component = 'sentences' | 'split' | 'count' | 'sink';

/** What the notebook saw, in order. Ids are 64-bit hex strings. */
export type Seen =
  | { t: number; kind: 'emit'; msg: number; root: string; replay: boolean }
  | { t: number; kind: 'tuple'; from: Component; to: Component; root: string; edge: string; values: string }
  | { t: number; kind: 'acker'; what: 'init' | 'ack' | 'fail'; from: Component; root: string; val: string }
  | { t: number; kind: 'executed'; by: Component; root: string; edge: string; outcome: 'ack' | 'fail' }
  | { t: number; kind: 'verdict'; root: string; outcome: 'ack' | 'fail' }
  | { t: number; kind: 'spout-fail'; msg: number; timeout: boolean }
  | { t: number; kind: 'spout-ack'; msg: number }
  | { t: number; kind: 'kill'; lost: number }
  | { t: number; kind: 'sink'; word: string; count: number };

export interface TopologyOptions {
  sentences: ReadonlyArray<{ id: number; at: number; text: string }>;
  failSplit: number;
  failCount: number;
  acking: boolean;
  timeout: number;
  /** 0: unlimited. */
  pending: number;
  /** Kill the count bolt's task at this time (0: never). */
  killAt: number;
  seed: number;
  until: number;
}

export interface TopologyRun {
  seen: Seen[];
  /** The sink's final count per word. */
  sink: Map<string, number>;
  counters: Runtime['counters'];
  source: SourceCounters;
}

export const COSTS: Record<Exclude<Component, 'sentences'>, number> = { split: 100, count: 100, sink: 0 };

const hex = (hi: number, lo: number) => toBigInt(hi, lo).toString(16).padStart(16, '0');

export function runTopology(o: TopologyOptions): TopologyRun {
  const seen: Seen[] = [];
  const log = new SourceLog();
  const source: SourceCounters = { emitted: 0, replayed: 0, acked: 0 };
  const sink = new Map<string, number>();
  let executing: Component = 'sentences';
  let emitting: { msg: number; replay: boolean } | null = null;
  const draws = { split: seeded(o.seed), count: seeded(o.seed * 31 + 7) };
  let rt: Observed;

  const executed = (by: Component, t: Tuple, outcome: 'ack' | 'fail') => {
    for (let j = 0; j < t.anchors.length; j += 4) {
      seen.push({
        t: rt.now(),
        kind: 'executed',
        by,
        root: hex(t.anchors[j]!, t.anchors[j + 1]!),
        edge: hex(t.anchors[j + 2]!, t.anchors[j + 3]!),
        outcome,
      });
    }
  };
  // The lab's replayable spout (msgId = offset, failed offsets first), wrapped to see what it emits and hears.
  const emitted = new Set<number>();
  const spout = (): Spout => {
    const inner = replayableSpout(log, () => 'default', source);
    return {
      open(ctx, collector) {
        inner.open?.(ctx, {
          ...collector,
          emit(values, msgId, stream) {
            executing = 'sentences';
            emitting = { msg: msgId as number, replay: emitted.has(msgId as number) };
            emitted.add(msgId as number);
            return collector.emit(values, msgId, stream);
          },
        } satisfies SpoutOutputCollector);
      },
      nextTuple: () => inner.nextTuple(),
      ack(msgId) {
        seen.push({ t: rt.now(), kind: 'spout-ack', msg: msgId as number });
        inner.ack?.(msgId);
      },
      fail(msgId) {
        seen.push({ t: rt.now(), kind: 'spout-fail', msg: msgId as number, timeout: rt.counters.timedOut > timedOut });
        timedOut = rt.counters.timedOut;
        inner.fail?.(msgId);
      },
      quiet: () => inner.quiet?.() ?? true,
    };
  };
  let timedOut = 0;
  const split = (): Bolt => ({
    execute(t, c) {
      executing = 'split';
      if (draws.split() < o.failSplit) {
        executed('split', t, 'fail');
        c.fail(t);
        return;
      }
      for (const word of String(t.values.text).split(' ')) c.emit(t, { word });
      executed('split', t, 'ack');
      c.ack(t);
    },
  });
  const count = (): Bolt => {
    const counts = new Map<string, number>(); // bolt memory: gone when the task dies (C1)
    return {
      execute(t, c) {
        executing = 'count';
        if (draws.count() < o.failCount) {
          executed('count', t, 'fail');
          c.fail(t);
          return;
        }
        const word = String(t.values.word);
        counts.set(word, (counts.get(word) ?? 0) + 1);
        c.emit(t, { word, count: counts.get(word)! });
        executed('count', t, 'ack');
        c.ack(t);
      },
    };
  };
  const sinkBolt = (): Bolt => ({
    execute(t, c) {
      executing = 'sink';
      const word = String(t.values.word);
      sink.set(word, Number(t.values.count));
      seen.push({ t: rt.now(), kind: 'sink', word, count: Number(t.values.count) });
      executed('sink', t, 'ack');
      c.ack(t);
    },
  });
  const spec = topology()
    .spout('sentences', spout)
    .bolt('split', split, { cost: COSTS.split })
    .shuffleGrouping('sentences')
    .bolt('count', count, { cost: COSTS.count })
    .fieldsGrouping('split', ['word'])
    .bolt('sink', sinkBolt, { cost: COSTS.sink })
    .globalGrouping('count')
    .build();

  class Observed extends Runtime {
    override deliverTuple(task: number, tuple: Tuple): void {
      const to = this.componentOfTask(task);
      for (let j = 0; j < tuple.anchors.length; j += 4) {
        const root = hex(tuple.anchors[j]!, tuple.anchors[j + 1]!);
        if (tuple.sourceComponent === 'sentences' && emitting)
          seen.push({ t: this.now(), kind: 'emit', msg: emitting.msg, root, replay: emitting.replay });
        seen.push({
          t: this.now(),
          kind: 'tuple',
          from: tuple.sourceComponent as Component,
          to,
          root,
          edge: hex(tuple.anchors[j + 2]!, tuple.anchors[j + 3]!),
          values: JSON.stringify(tuple.values),
        });
      }
      if (tuple.sourceComponent === 'sentences') emitting = null;
      super.deliverTuple(task, tuple);
    }
    override sendToAcker(m: AckerMessage): void {
      if (m.kind !== 'tick')
        seen.push({
          t: this.now(),
          kind: 'acker',
          what: m.kind,
          from: m.kind === 'init' ? 'sentences' : executing,
          root: hex(m.rootHi, m.rootLo),
          val: hex(m.valHi, m.valLo),
        });
      super.sendToAcker(m);
    }
    override sendToSpout(task: number, m: SpoutMessage): void {
      if (m.kind !== 'tick') seen.push({ t: this.now(), kind: 'verdict', root: hex(m.rootHi, m.rootLo), outcome: m.kind });
      super.sendToSpout(task, m);
    }
    componentOfTask(task: number): Component {
      for (const c of ['split', 'count', 'sink'] as const) if (this.taskIds(c).includes(task)) return c;
      return 'sentences';
    }
  }
  rt = new Observed(spec, {
    acking: o.acking,
    messageTimeout: o.timeout,
    ...(o.pending > 0 ? { maxSpoutPending: o.pending } : {}),
    seed: o.seed,
  });
  const stops = [...o.sentences.map((s) => s.at), ...(o.killAt > 0 ? [o.killAt] : [])].sort((a, b) => a - b);
  for (const t of new Set(stops)) {
    rt.advanceTo(t);
    if (t === o.killAt) {
      const before = rt.counters.lostInCrash;
      rt.crashTask(rt.taskIds('count')[0]!);
      seen.push({ t, kind: 'kill', lost: rt.counters.lostInCrash - before });
    }
    const arriving = o.sentences.filter((s) => s.at === t);
    if (arriving.length) {
      log.append(arriving.map((s) => ({ id: s.id, text: s.text })));
      rt.wakeSpouts();
    }
  }
  rt.advanceTo(o.until);
  return { seen, sink, counters: { ...rt.counters }, source: { ...source } };
}
