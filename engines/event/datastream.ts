// The fluent DataStream API (a small Flink lookalike): source → map/filter/flatMap → keyBy → window
// (assigner, trigger, evictor, allowed lateness, late side output) → aggregate/reduce/process, or
// keyBy → process(KeyedProcessFunction). `build()` compiles to the same Pipeline the declarative job uses.
import type { AggregateFunction, Rec } from '../core/aggregates.ts';
import type { WatermarkGenerator } from '../core/watermarks/generators.ts';
import { global, session, sliding, tumbling, type WindowAssigner } from '../core/windows/assigners.ts';
import { countEvictor, type Evictor } from '../core/windows/evictors.ts';
import type { TimeWindow } from '../core/windows/time-window.ts';
import { countTrigger, eventTimeTrigger, neverTrigger, processingTimeTrigger, purging, type Trigger } from '../core/windows/triggers.ts';
import { EventEngine, type EventEngineOptions } from './event-engine.ts';
import { DEFAULT_WATERMARK_INTERVAL, type Pipeline, type StatelessStep, type WatermarkStrategy } from './pipeline.ts';
import type { KeyedProcessFunction } from './process-operator.ts';
import type { WindowFunction } from './window-operator.ts';

/** A window assigner plus its time domain and default trigger, as Flink's assigner classes carry them. */
export interface WindowSpecifier {
  assigner: WindowAssigner;
  eventTime: boolean;
  defaultTrigger: Trigger;
}

export const tumblingEventTimeWindows = (size: number, offset = 0): WindowSpecifier => ({
  assigner: tumbling(size, offset),
  eventTime: true,
  defaultTrigger: eventTimeTrigger(),
});
export const slidingEventTimeWindows = (size: number, slide: number, offset = 0): WindowSpecifier => ({
  assigner: sliding(size, slide, offset),
  eventTime: true,
  defaultTrigger: eventTimeTrigger(),
});
export const eventTimeSessionWindows = (gap: number): WindowSpecifier => ({
  assigner: session(gap),
  eventTime: true,
  defaultTrigger: eventTimeTrigger(),
});
export const tumblingProcessingTimeWindows = (size: number, offset = 0): WindowSpecifier => ({
  assigner: tumbling(size, offset),
  eventTime: false,
  defaultTrigger: processingTimeTrigger(),
});
export const globalWindows = (): WindowSpecifier => ({ assigner: global(), eventTime: false, defaultTrigger: neverTrigger() });

export interface SourceOptions {
  /** Event time from the record; omit for processing time. */
  timestamp?: (r: Rec) => number;
  time?: 'event' | 'processing' | 'ingestion';
  /**
   * "explicit"; bounded out-of-orderness (delay ms, emitted every interval ms, optional idleness); or your
   * own generator (WatermarkStrategy.forGenerator), one per source subtask: punctuated ones emit from
   * `onEvent`, periodic ones from `onPeriodicEmit`, called every `interval` (200) ms of processing time.
   */
  watermark?:
    | 'explicit'
    | { delay?: number; interval?: number; idleness?: number }
    | { generator: () => WatermarkGenerator; interval?: number };
}

export function executionEnvironment(options: EventEngineOptions = {}) {
  return {
    source(opts: SourceOptions = {}): DataStream {
      const time = opts.time ?? (opts.timestamp ? 'event' : 'processing');
      let wm: WatermarkStrategy;
      if (time === 'processing') wm = { kind: 'none' };
      else if (opts.watermark === 'explicit') wm = { kind: 'explicit' };
      else if (opts.watermark !== undefined && 'generator' in opts.watermark) {
        wm = { kind: 'generator', make: opts.watermark.generator, interval: opts.watermark.interval ?? DEFAULT_WATERMARK_INTERVAL };
      } else {
        const w = opts.watermark ?? {};
        wm = {
          kind: 'periodic',
          delay: time === 'ingestion' ? 0 : (w.delay ?? 0),
          interval: w.interval ?? DEFAULT_WATERMARK_INTERVAL,
          ...(w.idleness ? { idleness: w.idleness } : {}),
        };
      }
      return new DataStream(options, [], time, opts.timestamp ?? (() => 0), wm);
    },
  };
}

export class DataStream {
  constructor(
    protected readonly options: EventEngineOptions,
    protected readonly steps: StatelessStep[],
    protected readonly time: Pipeline['time'],
    protected readonly timestampOf: (r: Rec) => number,
    protected readonly wm: WatermarkStrategy,
  ) {}

  private with(step: StatelessStep): DataStream {
    return new DataStream(this.options, [...this.steps, step], this.time, this.timestampOf, this.wm);
  }
  map(fn: (r: Rec) => Rec): DataStream {
    return this.with({ kind: 'map', fn });
  }
  filter(fn: (r: Rec) => boolean): DataStream {
    return this.with({ kind: 'filter', fn });
  }
  flatMap(fn: (r: Rec) => Rec[]): DataStream {
    return this.with({ kind: 'flatMap', fn });
  }
  keyBy(keyOf: (r: Rec) => unknown): KeyedStream {
    return new KeyedStream(this.options, this.steps, this.time, this.timestampOf, this.wm, keyOf);
  }
  /** Flink's windowAll: a non-keyed window, evaluated by a single subtask. */
  windowAll(spec: WindowSpecifier): WindowedStream {
    return new WindowedStream(this, undefined, spec);
  }
  /** @internal */
  pipeline(keyOf: ((r: Rec) => unknown) | undefined, operator: Pipeline['operator']): Pipeline {
    return {
      steps: this.steps,
      ...(keyOf ? { keyOf } : {}),
      time: this.time,
      timestampOf: this.timestampOf,
      watermarks: { main: this.wm },
      operator,
    };
  }
  /** @internal */
  engineOptions(): EventEngineOptions {
    return this.options;
  }
}

export class KeyedStream extends DataStream {
  constructor(
    options: EventEngineOptions,
    steps: StatelessStep[],
    time: Pipeline['time'],
    ts: (r: Rec) => number,
    wm: WatermarkStrategy,
    readonly keyOf: (r: Rec) => unknown,
  ) {
    super(options, steps, time, ts, wm);
  }
  window(spec: WindowSpecifier): WindowedStream {
    return new WindowedStream(this, this.keyOf, spec);
  }
  /** countWindow(n) = GlobalWindows + PurgingTrigger(CountTrigger(n)); countWindow(n, s) adds CountEvictor(n) (F-KS). */
  countWindow(size: number, slide?: number): WindowedStream {
    const w = new WindowedStream(this, this.keyOf, globalWindows());
    return slide === undefined ? w.trigger(purging(countTrigger(size))) : w.evictor(countEvictor(size)).trigger(countTrigger(slide));
  }
  process(fn: KeyedProcessFunction): Job {
    return new Job(this.pipeline(this.keyOf, { kind: 'process', fn }), this.engineOptions());
  }
}

export class WindowedStream {
  private lateness = 0;
  private lateTag = false;
  private trig: Trigger;
  private evict: Evictor | undefined;
  constructor(
    private readonly stream: DataStream,
    private readonly keyOf: ((r: Rec) => unknown) | undefined,
    private readonly spec: WindowSpecifier,
  ) {
    this.trig = spec.defaultTrigger;
  }
  allowedLateness(ms: number): this {
    this.lateness = ms;
    return this;
  }
  /** Late elements go to the `late` output instead of being dropped. */
  sideOutputLateData(): this {
    this.lateTag = true;
    return this;
  }
  trigger(t: Trigger): this {
    this.trig = t;
    return this;
  }
  evictor(e: Evictor): this {
    this.evict = e;
    return this;
  }
  aggregate(agg: AggregateFunction): Job {
    return this.build({ kind: 'aggregate', agg });
  }
  reduce(fn: (a: Rec, b: Rec) => Rec): Job {
    return this.build({
      kind: 'aggregate',
      agg: {
        fn: 'collect',
        create: () => null,
        add: (acc, r) => (acc === null ? r : fn(acc as Rec, r)),
        result: (acc) => acc,
        merge: (a, b) => (a === null ? b : b === null ? a : fn(a as Rec, b as Rec)),
      },
    });
  }
  process(fn: (key: unknown, window: TimeWindow, elements: Rec[]) => unknown[]): Job {
    return this.build({ kind: 'process', process: fn });
  }
  private build(fn: WindowFunction): Job {
    const config = {
      assigner: this.spec.assigner,
      trigger: this.trig,
      ...(this.evict ? { evictor: this.evict } : {}),
      eventTime: this.spec.eventTime,
      allowedLateness: this.lateness,
      lateOutput: this.lateTag,
      fn,
    };
    return new Job(this.stream.pipeline(this.keyOf, { kind: 'window', config }), this.stream.engineOptions());
  }
}

/** A compiled job: `engine()` for step-by-step control, `run(records)` for a bounded input. */
export class Job {
  constructor(
    readonly pipeline: Pipeline,
    private readonly options: EventEngineOptions,
  ) {}
  engine(overrides: EventEngineOptions = {}): EventEngine {
    return new EventEngine(this.pipeline, { ...this.options, ...overrides });
  }
  /** Feed every record, end the input (MAX watermark), and return the main outputs. */
  run(records: readonly Rec[]): Array<{ key?: unknown; window: TimeWindow | null; value: unknown; timestamp: number | null }> {
    const e = this.engine();
    e.add(records);
    e.end();
    return e.drain().flatMap((x) => (x.output === 'main' ? [x] : []));
  }
}
