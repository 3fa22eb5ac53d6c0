// Stateful DStreams (B8): updateStateByKey calls its function for every existing key in every batch;
// mapWithState calls it only for keys with data, plus timed-out keys, which are found only in the
// batches where the state RDD is checkpointed (every 10 batch intervals by default: MapWithStateRDD full scan).
import { DStreamNode, type Rdd } from './dstream-node.ts';
import { groupByKey, type Pair } from './dstream-nodes.ts';

/** StateDStream: returning undefined removes the key. */
export class StateNode<K, V, S> extends DStreamNode<Pair<K, S>> {
  constructor(
    private readonly parent: DStreamNode<Pair<K, V>>,
    private readonly update: (values: readonly V[], state: S | undefined) => S | undefined,
  ) {
    super(parent.ctx, parent.slideDuration);
    this.history = parent.slideDuration;
    this.mustCheckpoint = true;
  }

  protected compute(time: number): Rdd<Pair<K, S>> {
    const previous = this.getOrCompute(time - this.slideDuration) ?? [];
    const values = groupByKey(this.parent.getOrCompute(time) ?? []);
    const out: Array<Pair<K, S>> = [];
    for (const [k, s] of previous) {
      const next = this.update(values.get(k) ?? [], s);
      if (next !== undefined) out.push([k, next]);
      values.delete(k);
    }
    for (const [k, vs] of values) {
      const next = this.update(vs, undefined);
      if (next !== undefined) out.push([k, next]);
    }
    return out;
  }
}

/** The `State` handed to a mapWithState function (Spark's State[S]). */
export interface State<S> {
  exists(): boolean;
  /** The state; throws when there is none. */
  get(): S;
  /** Throws on a key that is timing out (Spark: "Cannot update the state that is timing out"). */
  update(value: S): void;
  remove(): void;
  isTimingOut(): boolean;
}

export interface StateSpec<K, V, S, R> {
  /** Called per record with its value, and once per timed-out key with `undefined`; undefined output emits nothing. */
  readonly fn: (key: K, value: V | undefined, state: State<S>, time: number) => R | undefined;
  /** Idle duration (ms of batch time) after which a key times out. */
  readonly timeout?: number;
  /** How often the state is checkpointed (full scan for timeouts); default 10 × the batch interval. */
  readonly checkpointInterval?: number;
}

export interface MapWithStateRecord<K, S, R> {
  readonly state: ReadonlyMap<K, { readonly value: S; readonly updatedAt: number }>;
  readonly mapped: readonly R[];
}

/** InternalMapWithStateDStream: one record per batch holding the state map and the mapped output. */
export class MapWithStateNode<K, V, S, R> extends DStreamNode<MapWithStateRecord<K, S, R>> {
  private readonly checkpointInterval: number;

  constructor(
    private readonly parent: DStreamNode<Pair<K, V>>,
    private readonly spec: StateSpec<K, V, S, R>,
  ) {
    super(parent.ctx, parent.slideDuration);
    this.history = parent.slideDuration;
    this.mustCheckpoint = true;
    this.checkpointInterval = spec.checkpointInterval ?? parent.slideDuration * 10;
  }

  /** InternalMapWithStateDStream checkpoints every `checkpointInterval` (10 batch intervals by default). */
  override get checkpointDuration(): number {
    return this.checkpointInterval;
  }

  protected compute(time: number): Rdd<MapWithStateRecord<K, S, R>> {
    const prev = this.getOrCompute(time - this.slideDuration)?.[0];
    const state = new Map(prev?.state ?? []);
    const mapped: R[] = [];
    const timeout = this.spec.timeout;
    const emit = (r: R | undefined) => {
      if (r !== undefined) mapped.push(r);
    };
    for (const [k, v] of this.parent.getOrCompute(time) ?? []) {
      const h = handle(state.get(k)?.value, state.has(k), false);
      emit(this.spec.fn(k, v, h.state, time));
      if (h.removed) state.delete(k);
      else if (h.updated || (h.state.exists() && timeout !== undefined)) state.set(k, { value: h.state.get(), updatedAt: time });
    }
    const fullScan = (time - this.ctx.zeroTime) % this.checkpointInterval === 0;
    if (timeout !== undefined && fullScan) {
      for (const [k, entry] of [...state]) {
        if (entry.updatedAt < time - timeout) {
          emit(this.spec.fn(k, undefined, handle(entry.value, true, true).state, time));
          state.delete(k);
        }
      }
    }
    return [{ state, mapped }];
  }
}

function handle<S>(initial: S | undefined, exists: boolean, timingOut: boolean): { state: State<S>; updated: boolean; removed: boolean } {
  let value = initial;
  let present = exists;
  const h = { updated: false, removed: false };
  const state: State<S> = {
    exists: () => present,
    get: () => {
      if (!present) throw new Error('State is not set');
      return value as S;
    },
    update: (v: S) => {
      if (timingOut) throw new Error('Cannot update the state that is timing out');
      if (h.removed) throw new Error('Cannot update the state after it has been removed');
      value = v;
      present = true;
      h.updated = true;
    },
    remove: () => {
      if (timingOut) throw new Error('Cannot remove the state that is timing out');
      present = false;
      h.removed = true;
    },
    isTimingOut: () => timingOut,
  };
  return {
    state,
    get updated() {
      return h.updated;
    },
    get removed() {
      return h.removed;
    },
  };
}
