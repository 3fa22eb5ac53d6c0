// A running topology on the virtual clock: task ids, routing through the groupings, the acker tasks,
// and one ready queue that gives each task a turn in FIFO order. Everything due at one instant runs
// to quiescence before time moves; future work (bolt costs, timers, ticks) waits on the Scheduler.
import type { Rec } from '../core/aggregates.ts';
import { createRng } from '../core/random.ts';
import { Scheduler } from '../core/scheduler.ts';
import { floorMod } from '../core/time.ts';
import type { AckerMessage } from './acker.ts';
import { ACKER_COMPONENT, AckerExecutor } from './acker.ts';
import { BoltExecutor } from './bolt-executor.ts';

import { createGrouper, type Grouper } from './groupings.ts';
import { SpoutExecutor } from './spout-executor.ts';
import { Fifo, type RuntimeCounters, type RuntimeServices, type SpoutMessage, type Task } from './task.ts';
import type { TopologySpec } from './topology.ts';
import type { Tuple } from './tuple.ts';
import { IdSource, longHashCode } from './tuple.ts';

export interface RuntimeOptions {
  /** Ackers on (at-least-once) or off (at-most-once). Default true. */
  acking?: boolean;
  /** topology.message.timeout.secs, in ms. Default 30000 (ST-DEF). */
  messageTimeout?: number;
  /** topology.max.spout.pending per spout task; default unlimited (ST-DEF). */
  maxSpoutPending?: number;
  /** Acker tasks (topology.acker.executors); default 1, one worker. */
  ackers?: number;
  /** Workers the tasks are spread over round-robin (for localOrShuffle). Default 1. */
  workers?: number;
  /** Seed of tuple ids and shuffles. Default 1. */
  seed?: number;
}

const NONE: readonly number[] = [];

export class Runtime implements RuntimeServices {
  readonly scheduler: Scheduler;
  readonly acking: boolean;
  readonly messageTimeout: number;
  readonly maxSpoutPending: number;
  readonly ids: IdSource;
  readonly counters: RuntimeCounters = { spoutEmits: 0, acked: 0, failed: 0, timedOut: 0, executed: 0, lostInCrash: 0 };
  /** Tasks by id (index 0 unused: Storm numbers tasks from 1). */
  private readonly tasks: Array<Task<unknown>> = [];
  private readonly taskIdsOf = new Map<string, number[]>();
  private readonly routes: Array<Map<string, Grouper[]>> = [];
  private readonly spouts: SpoutExecutor[] = [];
  private readonly ackers: AckerExecutor[] = [];
  private readonly readyQueue = new Fifo<Task<unknown>>();
  private draining = false;

  constructor(spec: TopologySpec, options: RuntimeOptions = {}, scheduler = new Scheduler()) {
    this.scheduler = scheduler;
    this.acking = options.acking ?? true;
    this.messageTimeout = options.messageTimeout ?? 30_000;
    this.maxSpoutPending = options.maxSpoutPending ?? Number.POSITIVE_INFINITY;
    const rng = createRng(options.seed ?? 1);
    this.ids = new IdSource(rng);
    const workers = options.workers ?? 1;
    const workerOf = (task: number) => (task - 1) % workers;

    let next = 1;
    for (const c of spec.components) {
      this.taskIdsOf.set(
        c.id,
        Array.from({ length: c.parallelism }, () => next++),
      );
    }
    for (const c of spec.components) {
      const ids = this.taskIdsOf.get(c.id)!;
      ids.forEach((id, index) => {
        if (c.kind === 'spout') {
          const s = new SpoutExecutor(id, index, c, this);
          this.spouts.push(s);
          this.tasks[id] = s;
        } else {
          this.tasks[id] = new BoltExecutor(
            id,
            index,
            c,
            c.inputs.map((s) => `${s.source}:${s.stream}`),
            this,
          );
        }
        this.routes[id] = new Map();
      });
    }
    const ackerCount = this.acking ? (options.ackers ?? 1) : 0;
    for (let i = 0; i < ackerCount; i++) {
      const a = new AckerExecutor(next, i, this);
      this.ackers.push(a);
      this.tasks[next++] = a;
    }
    // One grouper per (source task, subscription), like one per executor in Storm.
    for (const c of spec.components) {
      if (c.kind !== 'bolt') continue;
      const targets = this.taskIdsOf.get(c.id)!;
      for (const sub of c.inputs) {
        for (const source of this.taskIdsOf.get(sub.source)!) {
          const byStream = this.routes[source]!;
          const list = byStream.get(sub.stream) ?? [];
          list.push(createGrouper(sub.grouping, targets, { sourceTask: source, rng, workerOf }));
          byStream.set(sub.stream, list);
        }
      }
    }
    for (const t of this.tasks) t?.start();
    for (const t of this.tasks) if (t) this.wake(t);
    this.drain();
  }

  now(): number {
    return this.scheduler.now();
  }

  at(t: number, fn: () => void): { cancel(): void } {
    return this.scheduler.at(t, () => {
      fn();
      this.drain();
    });
  }

  /** Move processing time to `t`, running timers, ticks and slow-bolt completions on the way. */
  advanceTo(t: number): void {
    this.scheduler.advanceTo(t);
    this.drain();
  }

  /** Give every task with work a turn, until nothing at this instant is left to do. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let task = this.readyQueue.shift(); task !== undefined; task = this.readyQueue.shift()) {
        task.queued = false;
        if (task.ready()) task.turn();
        if (!task.queued && task.ready()) {
          task.queued = true;
          this.readyQueue.push(task);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  wake(task: Task<unknown>): void {
    if (task.queued || !task.ready()) return;
    task.queued = true;
    this.readyQueue.push(task);
  }

  /** New source data: let every spout task call nextTuple again. */
  wakeSpouts(): void {
    for (const s of this.spouts) s.wake();
    this.drain();
  }

  route(sourceTask: number, stream: string, values: Rec, direct: number | null): readonly number[] {
    const groupers = this.routes[sourceTask]?.get(stream);
    if (groupers === undefined) {
      if (direct !== null) throw new Error(`task ${direct} does not subscribe to task ${sourceTask}'s stream "${stream}"`);
      return NONE;
    }
    if (direct !== null) {
      const g = groupers.find((x) => x.direct && x.targets.includes(direct));
      if (!g) throw new Error(`task ${direct} does not subscribe to stream "${stream}" with a direct grouping`);
      return [direct];
    }
    if (groupers.length === 1) return groupers[0]!.direct ? NONE : groupers[0]!.choose(values);
    const out: number[] = [];
    for (const g of groupers) if (!g.direct) out.push(...g.choose(values));
    return out;
  }

  deliverTuple(taskId: number, tuple: Tuple): void {
    (this.tasks[taskId] as BoltExecutor).deliver(tuple);
  }

  sendToAcker(message: AckerMessage): void {
    // The acker streams are fields-grouped on the root id: listHashCode([root]) = 31 + Long.hashCode.
    const n = this.ackers.length;
    const i = n === 1 ? 0 : floorMod((31 + longHashCode(message.rootHi, message.rootLo)) | 0, n);
    this.ackers[i]!.deliver(message);
  }

  sendToSpout(taskId: number, message: SpoutMessage): void {
    (this.tasks[taskId] as SpoutExecutor).deliver(message);
  }

  /** Task ids of a component, ascending (`__acker` for the ackers). */
  taskIds(componentId: string): readonly number[] {
    if (componentId === ACKER_COMPONENT) return this.ackers.map((a) => a.id);
    const ids = this.taskIdsOf.get(componentId);
    if (!ids) throw new Error(`no component "${componentId}"`);
    return ids;
  }

  task(id: number): Task<unknown> {
    const t = this.tasks[id];
    if (!t) throw new Error(`no task ${id}`);
    return t;
  }

  /** The running bolt instance of a task (tests read user bolt state through it). */
  boltInstance(id: number): BoltExecutor['instance'] {
    const t = this.task(id);
    if (!(t instanceof BoltExecutor)) throw new Error(`task ${id} is not a bolt`);
    return t.instance;
  }

  /** Crash one bolt or acker task; it restarts at once, empty (C1). Spout crashes are not modelled. */
  crashTask(id: number): void {
    const t = this.task(id);
    if (t instanceof SpoutExecutor) throw new Error('spout crashes are not modelled: the spout worker survives every crash here');
    t.crash();
    this.drain();
  }

  /**
   * Crash every bolt task, the ackers included (the bolts' worker dies); spouts survive. Returns how many
   * pending roots the crash dooms: with the ackers' entries gone, each fails by timeout and goes to
   * `spout.fail` once (0 without acking: nothing is tracked).
   */
  crashBolts(): number {
    let doomed = 0;
    for (const s of this.spouts) doomed += s.doomPending();
    for (const t of this.tasks) if (t && !(t instanceof SpoutExecutor)) t.crash();
    this.drain();
    return doomed;
  }

  /** slow-task: bolt task `id` takes at least `cost` ms per tuple for the next `duration` ms (C2 slow path). */
  slowTask(id: number, cost: number, duration: number): void {
    const t = this.task(id);
    if (!(t instanceof BoltExecutor)) throw new Error(`task ${id} is not a bolt`);
    if (!(cost >= 0 && Number.isFinite(cost))) throw new RangeError(`slow-task cost must be a finite number >= 0, got ${cost}`);
    if (!(duration >= 0 && Number.isFinite(duration)))
      throw new RangeError(`slow-task duration must be a finite number >= 0, got ${duration}`);
    t.slowDown(cost, duration);
  }

  /**
   * Nothing time-driven left that could change the output (the lab's run end): every spout is quiet (see
   * SpoutExecutor.quiet) and every bolt task has nothing queued, in progress or due (see Bolt.quiet).
   * Acker rotations and timeouts of roots held in windows that will not fire again do not count.
   */
  quiet(): boolean {
    for (const t of this.tasks) {
      if (t instanceof SpoutExecutor ? !t.quiet() : t instanceof BoltExecutor ? !t.quiet() : t !== undefined && t.inbox.size > 0)
        return false;
    }
    return true;
  }

  /** Roots pending at the spouts (emitted, not yet acked, failed or timed out). */
  pendingRoots(): number {
    let n = 0;
    for (const s of this.spouts) n += s.pendingCount;
    return n;
  }
}
