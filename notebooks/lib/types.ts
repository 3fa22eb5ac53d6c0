// The contract between the notebook frame and its views: what a view gets on every change (the
// parameter values, the notebook's model of engine runs, the run the stepper walks and its cursor).
import type { Run } from './run.ts';
import type { TraceFile } from './trace-builder.ts';
import type { NbEvent } from './workload.ts';

/** Parameters every notebook has besides its own. */
export interface Frame {
  /** The stepper's moment: '' before the first, a processing time in ms, `#n` (presets), or `end`. */
  at: string;
  /** Oracle overlay on the pictures and tables. */
  oracle: boolean;
  /** A conformance trace shown instead of the notebook's workload ('' = none). */
  preset: string;
  /** Dragged events: `id:arrival,...`. */
  moved: string;
}

/** What a notebook computes from its parameters: at least the run the stepper walks, and its events. */
export interface Model {
  main: Run;
  events: readonly NbEvent[];
}

export interface Preset {
  name: string;
  file: TraceFile;
}

export interface Ctx<V, M extends Model> {
  values: V & Frame;
  model: M;
  /** The run being stepped: the model's main run, or the preset's. */
  run: Run;
  /** Moment index shown (-1: before the first step). */
  cursor: number;
  preset: Preset | null;
}

export interface Api<V> {
  set(patch: Partial<V & Frame>): void;
  /** A dragged event's new arrival time (ms). */
  moveEvent(id: number, arrival: number): void;
}

export interface View<V, M extends Model> {
  id: string;
  /** Shown for a preset trace too (the notebook's own views hide then). */
  presetToo?: boolean;
  /** Only in preset mode. */
  presetOnly?: boolean;
  mount(el: HTMLElement, api: Api<V>): void;
  update(ctx: Ctx<V, M>): void;
}
