// Storm's acker (C2, ST-ACK), run as the `__acker` system bolt: per root, the XOR of the edge ids from
// `init` (spout) and `ack` (bolts). Each edge is XOR-ed in twice — on emit and on ack — so the value is 0
// exactly when every tuple of the tree is acked; then (or on a fail) the spout task is told.
import { RotatingMap } from './rotating-map.ts';
import { type RuntimeServices, Task } from './task.ts';

/** One message on the acker streams (`__ack_init`, `__ack_ack`, `__ack_fail`) or a tick. */
export interface AckerMessage {
  readonly kind: 'init' | 'ack' | 'fail' | 'tick';
  readonly rootHi: number;
  readonly rootLo: number;
  /** init: XOR of the root tuples' edge ids; ack: edge id XOR the acked tuple's ackVal. */
  readonly valHi: number;
  readonly valLo: number;
  /** init only: the spout task to tell. */
  readonly spoutTask: number;
}

export type TreeOutcome = 'ack' | 'fail';

/** Called when a tree completes or fails: the acker's emitDirect to the spout task. */
export type AckerNotify = (spoutTask: number, outcome: TreeOutcome, rootHi: number, rootLo: number) => void;

interface AckObject {
  valHi: number;
  valLo: number;
  spoutTask: number;
  failed: boolean;
}

/** Acker timeouts use 3 buckets rotated every message timeout (ST-ACK TIMEOUT_BUCKET_NUM). */
export const ACKER_BUCKETS = 3;

export class Acker {
  /** Expired trees are forgotten silently: the spout's own timeout fails them (ST-ACK on tick). */
  private readonly pending = new RotatingMap<AckObject>(ACKER_BUCKETS);

  constructor(private readonly notify: AckerNotify) {}

  /** Trees the acker is tracking. */
  get size(): number {
    return this.pending.size;
  }

  handle(m: AckerMessage): void {
    if (m.kind === 'tick') {
      this.pending.rotate();
      return;
    }
    let curr = this.pending.get(m.rootHi, m.rootLo);
    switch (m.kind) {
      case 'init':
      case 'ack':
        // An ack may arrive before its init (separate queues); both orders give the same XOR.
        if (curr === undefined) {
          curr = { valHi: 0, valLo: 0, spoutTask: -1, failed: false };
          this.pending.putNew(m.rootHi, m.rootLo, curr); // absent from every bucket: just looked
        }
        curr.valHi ^= m.valHi;
        curr.valLo ^= m.valLo;
        if (m.kind === 'init') curr.spoutTask = m.spoutTask;
        break;
      case 'fail':
        if (curr === undefined) curr = { valHi: 0, valLo: 0, spoutTask: -1, failed: false };
        curr.failed = true;
        this.pending.put(m.rootHi, m.rootLo, curr);
        break;
    }
    // Storm tests val == 0 before failed: the spout is told only once the init has arrived.
    if (curr.spoutTask < 0) return;
    if (curr.valHi === 0 && curr.valLo === 0) {
      this.pending.remove(m.rootHi, m.rootLo);
      this.notify(curr.spoutTask, 'ack', m.rootHi, m.rootLo);
    } else if (curr.failed) {
      this.pending.remove(m.rootHi, m.rootLo);
      this.notify(curr.spoutTask, 'fail', m.rootHi, m.rootLo);
    }
  }
}

export const ACKER_TICK: AckerMessage = Object.freeze({ kind: 'tick', rootHi: 0, rootLo: 0, valHi: 0, valLo: 0, spoutTask: -1 });

export const ACKER_COMPONENT = '__acker';

export class AckerExecutor extends Task<AckerMessage> {
  private acker!: Acker;

  constructor(id: number, index: number, rt: RuntimeServices) {
    super(id, ACKER_COMPONENT, index, rt);
  }

  /** Trees this acker is tracking. */
  get size(): number {
    return this.acker.size;
  }

  start(): void {
    this.acker = new Acker((spoutTask, outcome, rootHi, rootLo) => this.rt.sendToSpout(spoutTask, { kind: outcome, rootHi, rootLo }));
    this.every(this.rt.messageTimeout, () => this.deliver(ACKER_TICK));
  }

  ready(): boolean {
    return this.inbox.size > 0;
  }

  turn(): void {
    this.acker.handle(this.inbox.shift()!);
  }
}
