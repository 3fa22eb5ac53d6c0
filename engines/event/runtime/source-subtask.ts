// A source subtask (A1, A2): its watermark generator (bounded out-of-orderness, idleness, or the user's),
// the timestamp of each record (event, ingestion or processing time), and the watermarks and idleness it
// emits downstream. A watermark is forwarded only when it strictly increases; emitting one marks an idle
// output active again (Flink's WatermarkOutput), so the end-of-input MAX still fires an idle source's windows.
import type { Rec } from '../../core/aggregates.ts';
import { InputError } from '../../core/errors.ts';
import type { Scheduler } from '../../core/scheduler.ts';
import { MIN_TIME } from '../../core/time.ts';
import { boundedOutOfOrderness, type WatermarkGenerator, type WatermarkOutput, withIdleness } from '../../core/watermarks/generators.ts';
import { MESSAGES } from '../messages.ts';
import type { Pipeline, WatermarkStrategy } from '../pipeline.ts';

/** Where a source subtask's watermarks and status changes go (every operator subtask's channel from it). */
export interface SourceDownstream {
  watermark(channel: number, wm: number): void;
  status(channel: number, idle: boolean): void;
}

export class SourceSubtask {
  readonly generator: WatermarkGenerator | null;
  readonly output: WatermarkOutput;
  /** The last watermark forwarded (A2: only strictly increasing ones are). */
  lastEmitted = MIN_TIME;
  /** Marked idle (A2) and not active again yet. */
  idle = false;
  /** F-ING: the ingestion clock, forced monotonic. */
  private maxIngestion = MIN_TIME;

  constructor(
    readonly channel: number,
    readonly stream: string,
    strategy: WatermarkStrategy,
    private readonly downstream: SourceDownstream,
  ) {
    this.generator = generatorFor(strategy);
    this.output = {
      emitWatermark: (wm) => this.emitWatermark(wm),
      markIdle: () => this.setIdle(true),
      markActive: () => this.setIdle(false),
    };
  }

  emitWatermark(wm: number): void {
    if (wm <= this.lastEmitted) return; // forwarded only when it strictly increases (F-D-GW)
    this.lastEmitted = wm;
    // Flink: emitting a watermark marks an idle output active again (WatermarkOutput), so the end-of-input
    // Watermark(MAX) of an idle source still fires every pending window (A3).
    if (this.idle) this.setIdle(false);
    this.downstream.watermark(this.channel, wm);
  }

  private setIdle(idle: boolean): void {
    this.idle = idle;
    this.downstream.status(this.channel, idle);
  }

  /**
   * A record's timestamp: its event time, the source clock forced monotonic (ingestion, F-ING), or now
   * (processing). A record without an event time carries Long.MIN_VALUE; only time-window assigners refuse it (A4).
   */
  timestampFor(r: Rec, pipeline: Pipeline, now: number, globalWindows: boolean): number {
    const time = pipeline.time;
    if (time === 'processing') return now;
    if (time === 'ingestion') {
      this.maxIngestion = Math.max(now, this.maxIngestion);
      return this.maxIngestion;
    }
    const ts = pipeline.timestampOf(r);
    if (typeof ts === 'number' && Number.isFinite(ts)) return ts;
    if (!globalWindows) throw new InputError('timestamp', MESSAGES.noTimestamp(r));
    return MIN_TIME;
  }
}

function generatorFor(strategy: WatermarkStrategy): WatermarkGenerator | null {
  switch (strategy.kind) {
    case 'periodic': {
      const g = boundedOutOfOrderness(strategy.delay);
      return strategy.idleness !== undefined ? withIdleness(g, strategy.idleness) : g;
    }
    case 'generator':
      return strategy.make();
    case 'explicit':
    case 'none':
      return null;
  }
}

/**
 * The periodic watermark emission of every source subtask (A2): `onPeriodicEmit` every `interval` ms of
 * processing time, aligned to multiples of it. Ticks without new records change nothing once idleness has
 * been decided, so they stop until the next record (a user generator may emit on processing time alone: it
 * keeps ticking). That is what makes a quiet engine have nothing scheduled.
 */
export class PeriodicEmitter {
  private ticking = false;
  private activitySinceTick = true;
  private quietTicks = 0;
  private readonly ticksToDecideIdleness: number;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly interval: number,
    strategies: readonly WatermarkStrategy[],
    private readonly sources: () => readonly SourceSubtask[],
  ) {
    const idleness = strategies.map((s) => (s.kind === 'periodic' ? (s.idleness ?? 0) : 0));
    this.ticksToDecideIdleness = strategies.some((s) => s.kind === 'generator')
      ? Number.POSITIVE_INFINITY
      : Math.max(1, ...idleness.map((t) => (t > 0 ? Math.ceil(t / interval) + 3 : 1)));
  }

  /** Records arrived: tick at the next multiple of the interval (if not ticking already). */
  activity(): void {
    this.activitySinceTick = true;
    this.quietTicks = 0;
    if (this.ticking || this.interval === 0) return;
    this.ticking = true;
    const now = this.scheduler.now();
    this.scheduler.at(Math.floor(now / this.interval) * this.interval + this.interval, () => this.tick());
  }

  /** A crash: the scheduled tick is gone with the scheduler's queue. */
  stop(): void {
    this.ticking = false;
  }

  private tick(): void {
    const now = this.scheduler.now();
    for (const src of this.sources()) src.generator?.onPeriodicEmit(now, src.output);
    if (this.activitySinceTick) this.quietTicks = 0;
    else this.quietTicks++;
    this.activitySinceTick = false;
    if (this.quietTicks >= this.ticksToDecideIdleness) {
      this.ticking = false;
      return;
    }
    this.scheduler.at(now + this.interval, () => this.tick());
  }
}
