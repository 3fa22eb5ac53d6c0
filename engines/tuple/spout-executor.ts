// A spout task (ST-SE): calls `nextTuple` while it keeps emitting and fewer than maxSpoutPending roots
// are pending; tracks each root in a 2-bucket RotatingMap rotated every message timeout, so an unacked
// root fails between T and 2T after its emit (C2); turns the acker's verdicts into `ack` / `fail`.
import type { Rec } from '../core/aggregates.ts';
import type { Spout, SpoutOutputCollector, TaskContext } from './components.ts';
import { RotatingMap } from './rotating-map.ts';
import { type RuntimeServices, type SpoutMessage, Task } from './task.ts';
import type { SpoutSpec } from './topology.ts';
import { DEFAULT_STREAM, Tuple, UNANCHORED } from './tuple.ts';

const TICK: SpoutMessage = Object.freeze({ kind: 'tick', rootHi: 0, rootLo: 0 });

/** A tracked root: its msgId, and whether a crash already broke its tree (it can only time out now). */
interface PendingRoot {
  readonly msgId: unknown;
  doomed: boolean;
}

export class SpoutExecutor extends Task<SpoutMessage> {
  private spout!: Spout;
  /** Pending roots -> their msgId (never undefined: only emits with a msgId are tracked). */
  private readonly pending = new RotatingMap<PendingRoot>(2, (root) => this.failMsg(root.msgId, true));
  private emitted = 0;
  /** The spout may have something to emit: set by new input and by acks/fails, cleared by an empty nextTuple. */
  private hungry = true;
  private readonly collector: SpoutOutputCollector;
  private readonly context: TaskContext;

  constructor(
    id: number,
    index: number,
    private readonly spec: SpoutSpec,
    rt: RuntimeServices,
  ) {
    super(id, spec.id, index, rt);
    this.collector = {
      emit: (values, msgId, stream) => this.send(values, msgId, stream ?? DEFAULT_STREAM, null),
      emitDirect: (taskId, values, msgId, stream) => {
        this.send(values, msgId, stream ?? DEFAULT_STREAM, taskId);
      },
      pendingCount: () => this.pending.size,
    };
    this.context = {
      componentId: spec.id,
      taskId: id,
      taskIndex: index,
      inputStreams: [],
      messageTimeout: rt.messageTimeout,
      maxSpoutPending: rt.maxSpoutPending,
      acking: rt.acking,
      now: () => rt.now(),
      every: (period, fn) => this.every(period, fn),
    };
  }

  /** Roots emitted by this task and not yet acked, failed or timed out. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Nothing left that time alone would change: the spout has nothing to emit and no pending root was
   * broken by a crash (those time out and are replayed, C2). Roots still pending otherwise sit in windows
   * no watermark will fire again; their timeouts would only replay them as late tuples.
   */
  quiet(): boolean {
    if (this.inbox.size > 0 || !(this.spout.quiet?.() ?? false)) return false;
    let doomed = false;
    this.pending.forEach((root) => {
      if (root.doomed) doomed = true;
    });
    return !doomed;
  }

  /**
   * The bolts' worker died, ackers included: every pending tree lost its acker entry, so every pending
   * root will fail by timeout within (T, 2T] and be handed to `spout.fail` (C2). Marks them and returns
   * how many were not already doomed by an earlier crash.
   */
  doomPending(): number {
    let n = 0;
    this.pending.forEach((root) => {
      if (root.doomed) return;
      root.doomed = true;
      n++;
    });
    return n;
  }

  start(): void {
    this.spout = this.spec.create();
    this.spout.open?.(this.context, this.collector);
    // The spout's pending map rotates on a tick every message timeout (topology.message.timeout.secs).
    if (this.rt.acking) this.every(this.rt.messageTimeout, () => this.deliver(TICK));
  }

  /** New input is available (the runtime calls this when the source grows). */
  wake(): void {
    this.hungry = true;
    this.rt.wake(this);
  }

  ready(): boolean {
    return this.inbox.size > 0 || (this.hungry && this.pending.size < this.rt.maxSpoutPending);
  }

  turn(): void {
    for (let m = this.inbox.shift(); m !== undefined; m = this.inbox.shift()) this.handle(m);
    // maxSpoutPending is per spout task: no nextTuple while pending >= the limit (C2).
    if (this.hungry && this.pending.size < this.rt.maxSpoutPending) {
      const before = this.emitted;
      this.spout.nextTuple();
      this.hungry = this.emitted !== before;
    }
  }

  private handle(m: SpoutMessage): void {
    if (m.kind === 'tick') {
      this.pending.rotate();
      return;
    }
    const root = this.pending.remove(m.rootHi, m.rootLo);
    // A verdict for a root no longer pending (it timed out earlier and was replayed) is ignored.
    if (root === undefined) return;
    if (m.kind === 'ack') {
      this.rt.counters.acked++;
      this.hungry = true;
      this.spout.ack?.(root.msgId);
    } else this.failMsg(root.msgId, false);
  }

  private failMsg(msgId: unknown, timeout: boolean): void {
    if (timeout) this.rt.counters.timedOut++;
    else this.rt.counters.failed++;
    this.hungry = true;
    this.spout.fail?.(msgId);
    this.rt.wake(this);
  }

  private send(values: Rec, msgId: unknown, stream: string, direct: number | null): readonly number[] {
    this.emitted++;
    this.rt.counters.spoutEmits++;
    const targets = this.rt.route(this.id, stream, values, direct);
    const needAck = msgId !== undefined && this.rt.acking;
    const ids = this.rt.ids;
    let rootHi = 0;
    let rootLo = 0;
    let xorHi = 0;
    let xorLo = 0;
    if (needAck) {
      ids.next();
      rootHi = ids.hi;
      rootLo = ids.lo;
    }
    for (let i = 0; i < targets.length; i++) {
      let anchors = UNANCHORED;
      if (needAck) {
        // Each target's copy is a new edge of the tree: MessageId.makeRootId(root, edge).
        ids.next();
        anchors = [rootHi, rootLo, ids.hi, ids.lo];
        xorHi ^= ids.hi;
        xorLo ^= ids.lo;
      }
      this.rt.deliverTuple(targets[i]!, new Tuple(values, this.componentId, this.id, stream, anchors));
    }
    if (needAck) {
      this.pending.putNew(rootHi, rootLo, { msgId, doomed: false }); // a fresh random root id
      this.rt.sendToAcker({ kind: 'init', rootHi, rootLo, valHi: xorHi, valLo: xorLo, spoutTask: this.id });
    } else if (msgId !== undefined) {
      // No ackers: Storm acks the message at once, on emit (C2 at-most-once).
      this.rt.counters.acked++;
      this.spout.ack?.(msgId);
    }
    return targets;
  }
}
