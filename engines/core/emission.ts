// What engines emit, as the trace format prints it (TRACE.md "Output lines") minus the step number.
// Metrics and reports read the same objects, stamped with the processing time they were emitted at.
import type { Rec } from './aggregates.ts';
import type { TimeWindow } from './windows/time-window.ts';

export type Emission =
  | {
      output: 'main';
      key?: unknown;
      window: TimeWindow | null;
      value: unknown;
      /** The event-time stamp the model gives the result (Flink: window.end - 1); null where it has none. */
      timestamp: number | null;
    }
  | { output: 'late'; record: Rec }
  | { output: 'dropped'; record: Rec }
  | { output: 'watermark'; watermark: number };

export type MainEmission = Extract<Emission, { output: 'main' }>;
