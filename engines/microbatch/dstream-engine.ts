// The declarative job on DStreams (B8) as a StepEngine: each batch is an Arrow record batch reduced
// column-wise to (key, accumulator) pairs, then reduceByKeyAndWindow (with or without an inverse) over
// batch time, or updateStateByKey for a running aggregate (window `global`). Event time is ignored.
import { aggregateFor, type Rec } from '../core/aggregates.ts';
import type { Emission, MainEmission } from '../core/emission.ts';
import type { RecoveryLog, StepEngine } from '../core/engine.ts';
import { RefusedError } from '../core/errors.ts';
import { Scheduler } from '../core/scheduler.ts';
import { statelessStage } from '../core/stateless-job.ts';
import { aggregateColumns, type BatchSpec, buildBatch, columnsOf } from './arrow-batch.ts';
import type { DStream, InputDStream, Pair } from './dstream.ts';
import { StreamingContext } from './dstream-context.ts';
import { joinWindowedRdd } from './dstream-join.ts';
import { KeyDictionary } from './key-dictionary.ts';
import { MESSAGES } from './messages.ts';
import type { MicrobatchOptions } from './options.ts';
import { partialAggregate } from './partial-aggregate.ts';
import type { DStreamPlan } from './plan.ts';

export class DStreamEngine implements StepEngine {
  private readonly scheduler = new Scheduler(0);
  private readonly ssc: StreamingContext;
  private readonly input: InputDStream<Rec>;
  private readonly keys = new KeyDictionary();
  private out: Emission[] = [];

  private readonly log: RecoveryLog = { checkpoints: [], restarts: [] };
  /** Records the receiver lost to driver failures (none with the write-ahead log). */
  private lostRecords = 0;
  /** Batch time of the newest batch that had input (null: none yet). */
  private lastDataBatch: number | null = null;

  constructor(
    private readonly plan: DStreamPlan,
    private readonly options: MicrobatchOptions,
  ) {
    const agg = aggregateFor(plan.aggregate);
    const spec: BatchSpec = {
      key: plan.key,
      timestamp: null,
      ...aggregateColumns(plan.aggregate),
      streams: ['main'],
    };
    // The lab's engine always has a checkpoint directory (the state streams require one, B8).
    this.ssc = new StreamingContext(options.interval, this.scheduler).checkpoint();
    this.input = this.ssc.queueStream<Rec>();
    if (plan.stateless) {
      // DStream filter/map: each batch's records, out when its output operation runs at the batch time (B8).
      const stage = statelessStage({ stateless: plan.stateless, timestamp: '' });
      this.input
        .transform((rdd, t) => {
          this.noteBatch(t, rdd.length);
          return rdd.flatMap((r) => stage(r) ?? []);
        })
        .foreachRDD((rdd) => {
          for (const value of rdd) this.out.push({ output: 'main', window: null, value, timestamp: null });
        });
      this.ssc.start();
      return;
    }
    const join = plan.join;
    if (join !== undefined && plan.window.kind === 'window') {
      const w = plan.window;
      const batches = this.input.transform((rdd, t) => {
        this.noteBatch(t, rdd.length);
        return rdd;
      });
      batches.window(w.length, w.slide).foreachRDD((rdd, t) => {
        for (const row of joinWindowedRdd(rdd, join, plan.distinct)) {
          this.out.push({ output: 'main', key: row.key, window: { start: t - w.length, end: t }, value: row.value, timestamp: null });
        }
      });
      this.ssc.start();
      return;
    }
    const pairs: DStream<Pair<number, unknown>> = this.input.transform((rdd, t) => {
      this.noteBatch(t, rdd.length);
      return reduceBatch(rdd, spec, this.keys, plan);
    });
    const merge = (a: unknown, b: unknown) => agg.merge(a, b);
    const w = plan.window;
    if (w.kind === 'window') {
      const windowed = plan.inverse
        ? pairs.reduceByKeyAndWindow(merge, (a, b) => (a as number) - (b as number), w.length, w.slide)
        : pairs.reduceByKeyAndWindow(merge, w.length, w.slide);
      windowed.foreachRDD((rdd, t) => this.emit(rdd, t, { start: t - w.length, end: t }, agg.result));
    } else {
      const running = pairs.updateStateByKey((values: readonly unknown[], state: unknown) =>
        values.reduce((a, v) => agg.merge(a, v), state === undefined ? agg.create() : state),
      );
      running.foreachRDD((rdd, t) => this.emit(rdd, t, null, agg.result));
    }
    this.ssc.start();
  }

  add(records: readonly Rec[]): void {
    this.input.pushAll(records);
  }

  watermark(): void {
    throw new RefusedError('watermark', MESSAGES.noExplicitWatermarksDStream);
  }

  /** Batches fire at every multiple of the interval on the way, including empty ones. */
  advance(t: number): void {
    this.scheduler.advanceTo(t);
  }

  /** Generate the next batch (time = last batch time + interval) now. */
  batch(): void {
    this.ssc.runBatch();
  }

  /** The metadata checkpoint is written with every batch; state RDDs are recomputable from it. */
  checkpoint(): void {}

  /**
   * A driver failure and its recovery from the checkpoint directory (B8): the batch clock resumes, state
   * comes back from the last data checkpoint (every 10 s of batch time) and is recomputed from lineage.
   * With `receiverWal` the receiver's data is replayed, so nothing is lost; without it (Spark's default)
   * what it held and the input since that checkpoint are gone. Batches take no time here, so no output
   * operation is cut off and re-run.
   */
  restart(): void {
    this.scheduler.clear();
    const lost = this.ssc.crash(this.options.receiverWal);
    this.lostRecords += lost;
    const from = this.ssc.lastDataCheckpoint();
    this.log.restarts.push({ at: this.scheduler.now(), fromCheckpoint: from, replayed: 0 });
  }

  /** Restarts, each with the batch time of the data checkpoint its state came back from (null: none yet). */
  recoveryLog(): RecoveryLog {
    return { checkpoints: [], restarts: this.log.restarts.map((r) => ({ ...r })) };
  }

  /** Records lost by the receiver to driver failures (always 0 with the write-ahead log). */
  get lost(): number {
    return this.lostRecords;
  }

  end(): void {}

  currentWatermark(): number | null {
    return null;
  }

  now(): number {
    return this.scheduler.now();
  }

  /**
   * The batch clock keeps running after the source goes quiet (D): the next batch takes what the receiver
   * holds, and windows keep sliding over the last data until it leaves them, the window at t covering
   * batches in (t − length, t] (B8). Quiet once the last batch with data is out of every later window
   * (updateStateByKey: once it has run); later windows, empty or repeating the same state, change nothing.
   */
  nextActivity(): number | null {
    const next = this.scheduler.nextAt() ?? null;
    if (this.input.pending > 0) return next;
    // A windowed stream reads its parent's batches only when the window slides: the newest batch with data
    // is the receiver's, not the newest one a transform has seen (a join's 10 s window over 1 s batches).
    const sealed = this.input.lastDataBatch;
    const last = this.lastDataBatch === null ? sealed : sealed === null ? this.lastDataBatch : Math.max(sealed, this.lastDataBatch);
    if (last === null) return null;
    const w = this.plan.window;
    // The last window holding batch `last` ends at the newest slide time before last + length (B8: windows
    // end at zeroTime + k·slide and cover (t − length, t]).
    const z = this.ssc.zeroTime;
    const reach = w.kind === 'window' ? z + Math.floor((last + w.length - this.options.interval - z) / w.slide) * w.slide : last;
    return this.ssc.lastBatchTime < reach ? next : null;
  }

  /** Records the receiver holds for the next batch. */
  unread(): number {
    return this.input.pending;
  }

  drain(): Emission[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  /** Remember the newest batch that had input. */
  private noteBatch(t: number, rows: number): void {
    if (rows > 0 && (this.lastDataBatch === null || t > this.lastDataBatch)) this.lastDataBatch = t;
  }

  private emit(
    rdd: readonly Pair<number, unknown>[],
    _t: number,
    window: { start: number; end: number } | null,
    result: (a: unknown) => unknown,
  ) {
    for (const [keyId, acc] of rdd) {
      const e: MainEmission = { output: 'main', window, value: result(acc), timestamp: null };
      if (this.plan.key !== undefined) e.key = this.keys.valueOf(keyId);
      this.out.push(e);
    }
  }
}

/** One batch → Arrow record batch → column-wise partial aggregate per key: the per-batch reduceByKey. */
function reduceBatch(rdd: readonly Rec[], spec: BatchSpec, keys: KeyDictionary, plan: DStreamPlan): Array<Pair<number, unknown>> {
  if (rdd.length === 0) return [];
  const cols = columnsOf(buildBatch(rdd, spec, keys));
  const slot = new Int32Array(Math.max(keys.size, 1)).fill(-1);
  const groupKey: number[] = [];
  const groupOf = new Int32Array(cols.rows);
  for (let i = 0; i < cols.rows; i++) {
    const k = cols.keyIds[i]!;
    if (slot[k]! < 0) {
      slot[k] = groupKey.length;
      groupKey.push(k);
    }
    groupOf[i] = slot[k]!;
  }
  const rowOf = Int32Array.from({ length: cols.rows }, (_, i) => i);
  const partials = partialAggregate(plan.aggregate, { pairs: cols.rows, rowOf, groupOf, groups: groupKey.length }, cols);
  return groupKey.map((k, g): Pair<number, unknown> => [k, partials.acc(g)]);
}
