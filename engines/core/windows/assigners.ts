// Window assigners (F-TUM, F-SLI, F-SES, GlobalWindows, count windows), written once for every engine.
// Time windows are epoch-aligned plus the offset, never aligned to the first element.
// The closure is a parameter: `(start, end]` windows of ts are the `[start, end)` windows of ts - 1.
import { InputError, RefusedError } from '../errors.ts';
import type { WindowSpec } from '../job.ts';
import { MAX_TIME, MIN_TIME } from '../time.ts';
import { type Closure, type TimeWindow, windowStarts } from './time-window.ts';

/** The window every element of a key belongs to in GlobalWindows (and count windows). */
export const GLOBAL_WINDOW: TimeWindow = Object.freeze({ start: MIN_TIME, end: MAX_TIME });

export interface WindowAssigner {
  readonly kind: WindowSpec['kind'];
  /** Session assigners merge their proto-windows. */
  readonly merging: boolean;
  /** Count and global windows live in the single global window and never become late. */
  readonly global: boolean;
  readonly closure: Closure;
  /** Window length for fixed-size (tumbling, sliding) assigners. */
  readonly size?: number;
  /** The windows an element with timestamp `ts` belongs to (zero in a sliding gap). */
  assign(ts: number): TimeWindow[];
  /**
   * Fixed-size assigners only: write the window starts for `ts` into `out` and return how many —
   * the allocation-free form of `assign` the hot path uses (ends are start + size).
   */
  assignStarts?(ts: number, out: number[]): number;
}

export function tumbling(size: number, offset = 0, closure: Closure = '[)'): WindowAssigner {
  return sliding(size, size, offset, closure, 'tumbling');
}

export function sliding(
  size: number,
  slide: number,
  offset = 0,
  closure: Closure = '[)',
  kind: 'tumbling' | 'sliding' = 'sliding',
): WindowAssigner {
  if (size <= 0 || slide <= 0) throw new InputError('window', 'size and slide must be > 0');
  // Flink's TumblingEventTimeWindows.of / SlidingEventTimeWindows.of refuse |offset| >= size / slide (A4).
  if (Math.abs(offset) >= slide) {
    throw new RefusedError('window.offset', `|offset| must be < ${kind === 'tumbling' ? 'size' : 'slide'} (${slide}), got ${offset} (A4)`);
  }
  const shift = closure === '[)' ? 0 : 1;
  return {
    kind,
    merging: false,
    global: false,
    closure,
    size,
    assign(ts: number): TimeWindow[] {
      if (ts === MIN_TIME || !Number.isFinite(ts)) {
        // F-TUM/F-SLI throw on Long.MIN_VALUE ("no timestamp"); a missing event time is an input error here.
        throw new InputError('timestamp', `record has no valid event-time timestamp (${ts}); is the timestamp field set?`);
      }
      const starts: number[] = [];
      const n = windowStarts(ts - shift, size, slide, offset, starts);
      const out: TimeWindow[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = { start: starts[i]!, end: starts[i]! + size };
      return out;
    },
    assignStarts(ts: number, out: number[]): number {
      if (ts === MIN_TIME || !Number.isFinite(ts)) return this.assign(ts).length; // throws the same error
      return windowStarts(ts - shift, size, slide, offset, out);
    },
  };
}

/** Session proto-window `[ts, ts + gap)`; merging happens in the operator's merging window set (F-SES). */
export function session(gap: number): WindowAssigner {
  return {
    kind: 'session',
    merging: true,
    global: false,
    closure: '[)',
    assign(ts: number): TimeWindow[] {
      if (!Number.isFinite(ts) || ts === MIN_TIME) {
        throw new InputError('timestamp', `record has no valid event-time timestamp (${ts}); is the timestamp field set?`);
      }
      return [{ start: ts, end: ts + gap }];
    },
  };
}

export function global(kind: 'global' | 'count' = 'global'): WindowAssigner {
  return { kind, merging: false, global: true, closure: '[)', assign: () => [GLOBAL_WINDOW] };
}

/** The assigner for a declarative window spec. Count windows are GlobalWindows plus trigger/evictor (F-KS). */
export function assignerFor(spec: WindowSpec, closure: Closure = '[)'): WindowAssigner {
  switch (spec.kind) {
    case 'tumbling':
      return tumbling(spec.size, spec.offset ?? 0, closure);
    case 'sliding':
      return sliding(spec.size, spec.slide, spec.offset ?? 0, closure);
    case 'session':
      return session(spec.gap);
    case 'count':
      return global('count');
    case 'global':
      return global('global');
  }
}
