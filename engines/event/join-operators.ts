// Flink's two-input keyed join operators for the declarative join job: the interval join (E2, F-IJO,
// implemented literally: per side a MapState of timestamp → records, a cleanup timer per element, late
// records strictly below the watermark to a side output or dropped) and the regular join of Flink SQL (E3:
// both sides kept in state — forever, or until idle for `ttl` ms of processing time — pairs emitted on arrival).
import type { Rec } from '../core/aggregates.ts';
import type { JoinSpec } from '../core/join-job.ts';
import { intervalBounds } from '../core/join-job.ts';
import { type KeyScope, listState, mapState } from '../core/state/keyed-state.ts';
import type { Namespace } from '../core/state/state-table.ts';
import { MIN_TIME } from '../core/time.ts';
import type { KeyedOperator } from './keyed-operator.ts';
import { MESSAGES } from './messages.ts';
import type { OperatorServices } from './window-operator.ts';

export interface JoinOutput {
  /** A joined pair of `key`, with the timestamp Flink gives it (null: none, a regular join's). */
  main(key: unknown, value: { left: Rec; right: Rec }, timestamp: number | null): void;
  /** A late record routed to its side's late output (sideOutputLeftLateData / RightLateData). */
  late(record: Rec): void;
  dropped(record: Rec): void;
}

const LEFT: Namespace = 'left';
const RIGHT: Namespace = 'right';

/** Which side a record is on (the job's `join.left` / `join.right` stream names). */
const sideOf = (spec: JoinSpec, r: Rec): 'left' | 'right' => (r.stream === spec.left ? 'left' : 'right');

/**
 * IntervalJoinOperator (E2): `lo' <= right.ts − left.ts <= hi'`; an element with `ts < watermark` is late
 * (strictly: `ts == watermark` is admitted); each element's cleanup timer is `ts + max(hi', 0)` (left) or
 * `ts + max(−lo', 0)` (right); a pair carries `max(left.ts, right.ts)`.
 */
export class IntervalJoinOperator implements KeyedOperator {
  private watermark = MIN_TIME;
  private key: unknown = undefined;
  private readonly lo: number;
  private readonly hi: number;
  private readonly buffers: Record<'left' | 'right', ReturnType<typeof mapState<number, Rec[]>>>;

  constructor(
    private readonly spec: JoinSpec,
    private readonly lateOutput: boolean,
    private readonly svc: OperatorServices,
    private readonly out: JoinOutput,
  ) {
    ({ lo: this.lo, hi: this.hi } = intervalBounds(spec));
    const scope: KeyScope = { currentKey: () => this.key, currentNamespace: () => '' };
    this.buffers = {
      left: mapState<number, Rec[]>(svc.backend, 'interval-join-left', scope),
      right: mapState<number, Rec[]>(svc.backend, 'interval-join-right', scope),
    };
  }

  setWatermark(wm: number): void {
    this.watermark = wm;
  }

  processElement(key: unknown, record: Rec, ts: number): void {
    if (ts === MIN_TIME) throw new Error(MESSAGES.intervalJoinNeedsTimestamps);
    this.key = key;
    const side = sideOf(this.spec, record);
    if (ts < this.watermark) {
      if (this.lateOutput) this.out.late(record);
      else this.out.dropped(record);
      return;
    }
    const own = this.buffers[side];
    own.put(ts, [...(own.get(ts) ?? []), record]);
    const other = side === 'left' ? this.buffers.right : this.buffers.left;
    for (const [ots, records] of other.entries()) {
      const diff = side === 'left' ? ots - ts : ts - ots; // right.ts − left.ts
      if (diff < this.lo || diff > this.hi) continue;
      for (const o of records) {
        const pair = side === 'left' ? { left: record, right: o } : { left: o, right: record };
        this.out.main(key, pair, Math.max(ts, ots));
      }
    }
    const cleanup = side === 'left' ? ts + Math.max(this.hi, 0) : ts + Math.max(-this.lo, 0);
    this.svc.eventTimers.register(cleanup, key, side === 'left' ? LEFT : RIGHT);
  }

  onEventTime(ts: number, key: unknown, ns: Namespace): void {
    this.key = key;
    if (ns === LEFT) this.buffers.left.remove(ts - Math.max(this.hi, 0));
    else this.buffers.right.remove(ts - Math.max(-this.lo, 0));
  }

  onProcessingTime(): void {}

  restored(): void {}
}

/**
 * Flink SQL's regular (unbounded) inner join (E3): every record of a key stays in its side's state and joins
 * every later record of the other side. With `ttl`, a record not written for `ttl` ms of processing time
 * is expired and no longer joins (table.exec.state.ttl: correctness traded for bounded state).
 */
export class RegularJoinOperator implements KeyedOperator {
  private key: unknown = undefined;
  private readonly sides: Record<'left' | 'right', ReturnType<typeof listState<[number, Rec]>>>;

  constructor(
    private readonly spec: JoinSpec,
    private readonly svc: OperatorServices,
    private readonly out: JoinOutput,
  ) {
    const scope: KeyScope = { currentKey: () => this.key, currentNamespace: () => '' };
    this.sides = {
      left: listState<[number, Rec]>(svc.backend, 'regular-join-left', scope),
      right: listState<[number, Rec]>(svc.backend, 'regular-join-right', scope),
    };
  }

  setWatermark(): void {}

  processElement(key: unknown, record: Rec): void {
    this.key = key;
    const now = this.svc.currentProcessingTime();
    const side = sideOf(this.spec, record);
    const other = this.sides[side === 'left' ? 'right' : 'left'];
    const ttl = this.spec.ttl;
    const live = other.get().filter(([at]) => ttl === undefined || at + ttl > now);
    if (ttl !== undefined && live.length !== other.get().length) other.update(live); // expired on read (A12)
    for (const [, o] of live) this.out.main(key, side === 'left' ? { left: record, right: o } : { left: o, right: record }, null);
    this.sides[side].add([now, record]);
  }

  onEventTime(): void {}

  onProcessingTime(): void {}

  restored(): void {}
}
