// StreamingContext (Spark DStreams, B8): batch times zeroTime + k·interval (zeroTime = 0, k >= 1) fired by
// the scheduler (or by hand with `runBatch`); each batch seals the input queues and runs every output operation.

import type { Scheduled } from '../core/scheduler.ts';
import { Scheduler } from '../core/scheduler.ts';
import { type DStream, InputDStream } from './dstream.ts';
import type { DStreamNode, GraphContext, Rdd } from './dstream-node.ts';
import { QueueInputNode } from './dstream-nodes.ts';

interface OutputOperation {
  readonly node: DStreamNode<unknown>;
  readonly fn: (rdd: Rdd<unknown>, time: number) => void;
}

export class StreamingContext implements GraphContext {
  readonly zeroTime = 0;
  private readonly nodes: DStreamNode<unknown>[] = [];
  private readonly inputs: QueueInputNode<unknown>[] = [];
  private readonly outputs: OutputOperation[] = [];
  private checkpointing = false;
  private started = false;
  private timer: Scheduled | null = null;
  private last = 0;

  constructor(
    readonly interval: number,
    readonly scheduler: Scheduler = new Scheduler(0),
  ) {
    if (!(interval > 0)) throw new RangeError(`the batch interval must be > 0 ms, got ${interval}`);
  }

  register(node: DStreamNode<unknown>): void {
    if (this.started)
      throw new Error('adding new inputs, transformations, and output operations after starting a context is not supported');
    this.nodes.push(node);
  }

  /** ssc.checkpoint(dir): stateful streams and inverse windows need it. */
  checkpoint(): this {
    this.checkpointing = true;
    return this;
  }

  /** An input DStream fed by `push`, one RDD per batch (a queueStream with oneAtATime = false). */
  queueStream<T>(): InputDStream<T> {
    const node = new QueueInputNode<T>(this);
    this.inputs.push(node as QueueInputNode<unknown>);
    return new InputDStream(node);
  }

  /** foreachRDD: registered through `DStream.foreachRDD`. */
  addOutput<T>(stream: DStream<T>, fn: (rdd: Rdd<T>, time: number) => void): void {
    if (this.started) throw new Error('adding new output operations after starting a context is not supported');
    this.outputs.push({ node: stream.node as DStreamNode<unknown>, fn: fn as (rdd: Rdd<unknown>, time: number) => void });
  }

  /** Validate the graph (DStreamGraph.validate) and start the batch timer. */
  start(): void {
    if (this.started) return;
    if (this.outputs.length === 0) throw new Error('No output operations registered, so nothing to execute');
    if (!this.checkpointing && this.nodes.some((n) => n.mustCheckpoint)) {
      throw new Error('The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint().');
    }
    this.started = true;
    this.schedule();
  }

  /** Time of the last generated batch (0 before the first). */
  get lastBatchTime(): number {
    return this.last;
  }

  /** Generate the next batch now, without waiting for its time on the clock. */
  runBatch(): number {
    if (!this.started) this.start();
    this.timer?.cancel();
    this.generate(this.last + this.interval);
    this.schedule();
    return this.last;
  }

  /** A restarted driver: the timer is lost and rescheduled; generated RDDs are recomputable from lineage and checkpoints. */
  restartTimer(): void {
    this.timer?.cancel();
    this.schedule();
  }

  /**
   * A driver failure and its recovery from the checkpoint directory: the batch clock resumes from the
   * metadata checkpoint, RDDs come back only from data checkpoints, and the receivers keep their data only
   * with the write-ahead log (B8). Returns the records the receivers lost.
   */
  crash(writeAheadLog: boolean): number {
    let lost = 0;
    for (const n of this.nodes) if (!(n instanceof QueueInputNode)) n.crash();
    for (const input of this.inputs) lost += input.crashReceiver(writeAheadLog);
    this.restartTimer();
    return lost;
  }

  /** Batch time of the newest data checkpoint of any stateful stream, or null. */
  lastDataCheckpoint(): number | null {
    let last: number | null = null;
    for (const n of this.nodes) {
      const t = n.lastCheckpoint;
      if (t !== null && (last === null || t > last)) last = t;
    }
    return last;
  }

  private schedule(): void {
    this.timer = this.scheduler.at(this.last + this.interval, () => {
      this.generate(this.last + this.interval);
      this.schedule();
    });
  }

  private generate(time: number): void {
    this.last = time;
    for (const input of this.inputs) input.seal(time);
    for (const { node, fn } of this.outputs) {
      if (node.isTimeValid(time)) fn(node.getOrCompute(time) ?? [], time);
    }
    const keep = Math.max(this.interval, ...this.nodes.map((n) => n.history)) + 2 * this.interval;
    for (const n of this.nodes) n.forgetUpTo(time - keep);
  }
}

/** `new StreamingContext(interval)` as a small factory. */
export function streamingContext(options: { interval: number; scheduler?: Scheduler }): StreamingContext {
  return new StreamingContext(options.interval, options.scheduler);
}
