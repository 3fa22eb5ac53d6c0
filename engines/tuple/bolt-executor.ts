// A bolt task: one tuple at a time (C1); a bolt with a cost holds each tuple for that many ms of
// virtual time before executing it, so queued tuples wait — the slow path that times trees out (C2).
// Its OutputCollector implements anchoring (new edge ids XOR-ed into the anchors' ackVals) and acking.
import type { Rec } from '../core/aggregates.ts';
import type { AnchorsArg, Bolt, OutputCollector, TaskContext } from './components.ts';
import { LongMap } from './long-map.ts';
import { type RuntimeServices, Task } from './task.ts';
import type { BoltSpec } from './topology.ts';
import { DEFAULT_STREAM, putXor, SYSTEM_COMPONENT, TICK_STREAM, Tuple, UNANCHORED } from './tuple.ts';

const NO_ANCHORS: readonly Tuple[] = [];

export class BoltExecutor extends Task<Tuple> {
  private bolt!: Bolt;
  private busy = false;
  /** slow-task fault: tuples whose turn starts before `slowUntil` take `slowCost` ms (survives crashes: the machine is slow). */
  private slowCost = 0;
  private slowUntil = Number.NEGATIVE_INFINITY;
  private readonly collector: OutputCollector;
  private readonly context: TaskContext;

  constructor(
    id: number,
    index: number,
    private readonly spec: BoltSpec,
    inputStreams: readonly string[],
    rt: RuntimeServices,
  ) {
    super(id, spec.id, index, rt);
    this.collector = {
      emit: (anchors, values, stream) => this.send(anchors, values, stream ?? DEFAULT_STREAM, null),
      emitDirect: (taskId, anchors, values, stream) => {
        this.send(anchors, values, stream ?? DEFAULT_STREAM, taskId);
      },
      ack: (t) => this.ack(t),
      fail: (t) => this.fail(t),
    };
    this.context = {
      componentId: spec.id,
      taskId: id,
      taskIndex: index,
      inputStreams,
      messageTimeout: rt.messageTimeout,
      maxSpoutPending: rt.maxSpoutPending,
      acking: rt.acking,
      now: () => rt.now(),
      every: (period, fn) => this.every(period, fn),
    };
  }

  /** The running bolt instance (a new one after every crash). */
  get instance(): Bolt {
    return this.bolt;
  }

  start(): void {
    this.busy = false;
    this.bolt = this.spec.create();
    this.bolt.prepare?.(this.context, this.collector);
    const tick = this.spec.tickFrequency;
    if (tick !== null) {
      // Tick tuples queue behind data tuples like any other input (ST-TU isTick).
      this.every(tick, () => this.deliver(new Tuple({}, SYSTEM_COMPONENT, -1, TICK_STREAM, UNANCHORED)));
    }
  }

  /** From now until now + duration, each tuple takes at least `cost` ms of processing time (back-pressure). */
  slowDown(cost: number, duration: number): void {
    this.slowCost = cost;
    this.slowUntil = this.rt.now() + duration;
  }

  ready(): boolean {
    return !this.busy && this.inbox.size > 0;
  }

  /** Nothing queued or in progress, and the bolt has nothing time-driven left (see Bolt.quiet). */
  quiet(): boolean {
    return !this.busy && this.inbox.size === 0 && (this.bolt.quiet?.() ?? true);
  }

  turn(): void {
    const tuple = this.inbox.shift()!;
    const cost = this.rt.now() < this.slowUntil ? Math.max(this.spec.cost, this.slowCost) : this.spec.cost;
    if (cost === 0) {
      this.execute(tuple);
      return;
    }
    this.busy = true;
    const epoch = this.epoch;
    this.rt.at(this.rt.now() + cost, () => {
      if (this.epoch !== epoch) return; // crashed meanwhile: the tuple is lost with the task
      this.busy = false;
      this.execute(tuple);
      this.rt.wake(this);
    });
  }

  private execute(tuple: Tuple): void {
    this.rt.counters.executed++;
    this.bolt.execute(tuple, this.collector);
  }

  private send(anchorsArg: AnchorsArg, values: Rec, stream: string, direct: number | null): readonly number[] {
    const targets = this.rt.route(this.id, stream, values, direct);
    const anchors = anchorsArg === null ? NO_ANCHORS : anchorsArg instanceof Tuple ? [anchorsArg] : anchorsArg;
    for (let i = 0; i < targets.length; i++) {
      const ids = this.rt.acking && anchors.length > 0 ? this.anchorsFor(anchors) : UNANCHORED;
      this.rt.deliverTuple(targets[i]!, new Tuple(values, this.componentId, this.id, stream, ids));
    }
    return targets;
  }

  /**
   * Storm's boltEmit: per anchor with roots, a new edge id, XOR-ed into the anchor's ackVal and into
   * the new tuple's id for each of the anchor's roots. Many anchors (a window) index roots in a map.
   */
  private anchorsFor(anchors: readonly Tuple[]): number[] {
    const ids = this.rt.ids;
    const out: number[] = [];
    // Few anchors: a linear putXor is cheaper than a map.
    const index = anchors.length > 32 ? new LongMap<number>(anchors.length) : null;
    for (const a of anchors) {
      if (a.anchors.length === 0) continue;
      ids.next();
      a.ackHi ^= ids.hi;
      a.ackLo ^= ids.lo;
      const r = a.anchors;
      for (let j = 0; j < r.length; j += 4) {
        if (index === null) {
          putXor(out, r[j]!, r[j + 1]!, ids.hi, ids.lo);
          continue;
        }
        const at = index.get(r[j]!, r[j + 1]!);
        if (at === undefined) {
          index.set(r[j]!, r[j + 1]!, out.length);
          out.push(r[j]!, r[j + 1]!, ids.hi, ids.lo);
        } else {
          out[at + 2] = out[at + 2]! ^ ids.hi;
          out[at + 3] = out[at + 3]! ^ ids.lo;
        }
      }
    }
    return out;
  }

  /** Per root of the tuple: tell the acker `edgeId ^ ackVal` (ST BoltOutputCollectorImpl.ack). */
  private ack(t: Tuple): void {
    if (!this.rt.acking) return;
    const a = t.anchors;
    for (let j = 0; j < a.length; j += 4) {
      this.rt.sendToAcker({
        kind: 'ack',
        rootHi: a[j]!,
        rootLo: a[j + 1]!,
        valHi: a[j + 2]! ^ t.ackHi,
        valLo: a[j + 3]! ^ t.ackLo,
        spoutTask: -1,
      });
    }
  }

  private fail(t: Tuple): void {
    if (!this.rt.acking) return;
    const a = t.anchors;
    for (let j = 0; j < a.length; j += 4) {
      this.rt.sendToAcker({ kind: 'fail', rootHi: a[j]!, rootLo: a[j + 1]!, valHi: 0, valLo: 0, spoutTask: -1 });
    }
  }
}
