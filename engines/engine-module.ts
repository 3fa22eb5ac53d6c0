// What an engine module is to the rest of the lab: its options (validated once, at the boundary), its
// model's facts as data, how a scenario's delivery settings map onto it, and its factory. Nothing above
// `engines/` branches on an engine's kind: it asks the module (ARCHITECTURE.md, "Shared primitives").
import type { z } from 'zod';
import type { ActionName, EngineKind, Fault, StepEngine } from './core/engine.ts';
import type { Job } from './core/job.ts';
import type { AnyJob } from './core/join-job.ts';

/** What a model is, as data: how it closes windows and by which watermark, what a restart repeats or loses. */
export interface ModelFacts {
  /** The system modelled, for people: 'Apache Flink', 'Spark Structured Streaming', 'Spark DStreams', 'Apache Storm'. */
  readonly system: string;
  /** Results come record by record, or become visible at the end of each micro-batch. */
  readonly processing: 'record-at-a-time' | 'micro-batch';
  /** What the model calls one input: a record (Flink), a row (Spark), a tuple (Storm). */
  readonly unit: 'record' | 'row' | 'tuple';
  /** Which side of a time window the model closes: `[start, end)`, or Storm's `(end − length, end]` (C3). */
  readonly closure: 'start-inclusive' | 'end-inclusive';
  /** Results are assigned by the records' event time (false: DStreams window over batch time, B8). */
  readonly eventTime: boolean;
  /** The watermark at which the model has closed a time window: Flink end − 1 (A6), Spark end (B5), Storm end (C3). */
  closesAt(window: { readonly start: number; readonly end: number }): number;
  /**
   * The watermark at which an event-time count window whose newest record has event time `maxTime` is
   * evaluated (Storm, C3), or null where count windows fire on arrival, whatever the watermark (Flink, A4).
   */
  countClosesAt(maxTime: number): number | null;
  /**
   * Where the model's eviction scan stops for a job (Storm's WindowManager, C3 [ST-T-WM testScanStop]): a
   * held record more than `beyond` ms of event time past the end of the window being evaluated stops the
   * scan of the queue, in arrival order, so that window never sees the records queued behind it. `queueOf`:
   * which queue (bolt task) holds a key's records. Absent or null: the model keeps no such queue, or which
   * queue a record joins is not known (a shuffle).
   */
  scanStop?(job: Job): { beyond: number; queueOf: (key: unknown) => number } | null;
  /** What a restart does to the output under these options. */
  readonly delivery: 'exactly-once' | 'at-least-once' | 'at-most-once';
  /**
   * What a restart re-processes: records from the last checkpoint's offset (A9), the uncommitted batch (B7),
   * tuples the spout replays after the message timeout (C2), or nothing (at-most-once, C2).
   */
  readonly replay: 'checkpoint' | 'batch' | 'timeout' | 'none';
  /**
   * Why the job stops by itself before its input has all arrived (Spark's Trigger.Once and AvailableNow
   * read what is there when they start, then stop, B1), or null for a job that runs until it is stopped.
   * A scenario's rows keep arriving, so such a job would leave rows no step ever reads: the runner refuses it.
   */
  readonly stopsBeforeInputEnds: string | null;
  /** Why the engine cannot model a scenario fault under these options (null: it can). */
  faultProblem(kind: Fault['kind'] | 'crash'): string | null;
}

/** A scenario's delivery settings as one engine entry receives them (SCENARIOS.md). */
export interface DeliveryRequest {
  readonly checkpoint?: { readonly interval: number; readonly mode: 'exactly-once' | 'at-least-once' | 'unaligned' };
  readonly sink?: 'plain' | 'idempotent' | 'transactional' | 'foreachBatch';
  /** Which of the two the entry wrote itself; the others come from the scenario. */
  readonly own: { readonly checkpoint: boolean; readonly sink: boolean };
  /** JSON path of the sink setting, for an impossible combination. */
  readonly sinkPath: string;
}

/**
 * How the settings map onto the model: the entry's engine options, notes for the result, and either a
 * reason the entry cannot run (a setting its model lacks, written on the entry) or the scenario-level
 * settings that do not apply to it ("not applicable: reason" in `notes`).
 */
export interface DeliveryMapping {
  readonly options: Record<string, unknown>;
  readonly notes: readonly string[];
  readonly unsupported?: string;
  readonly notApplicable: ReadonlyArray<'checkpoint' | 'sink'>;
}

/** An engine module with its own parsed options type `O` (what `options` produces). */
export interface TypedEngineModule<O> {
  readonly kind: EngineKind;
  /** What it models, for tables and reports. */
  readonly title: string;
  /** The engine entry of a trace (TRACE.md "Engine"): a strict object with `kind` set to this kind. */
  readonly options: z.ZodType<O>;
  /**
   * Compile the job for this model with options already parsed by `options`. Throws RefusedError(path,
   * reason) for a job the model does not support; `path` is relative to the trace/scenario root.
   */
  create(job: AnyJob, options: O): StepEngine;
  /** The parsed options as the engine runs them, defaults filled in (result.json); RefusedError for a refused combination. */
  asRun?(options: O, root: string): Record<string, unknown>;
  /** Why this engine cannot take a step action under `job` (path relative to the step), or null. */
  checkStep(action: ActionName, job: AnyJob): { path: string; reason: string } | null;
  /** The model's facts under these options; `job`, where given, may change them (a file sink's delivery). */
  facts(options: O, job?: AnyJob): ModelFacts;
  /** The scenario's checkpoint and sink in this model's terms (`options`: the entry's own, unparsed). */
  mapDelivery(request: DeliveryRequest, options: Record<string, unknown>): DeliveryMapping;
  /** An entry field that is this engine's option although the job has a field of that name (Spark's `trigger`). */
  claims?(field: string, value: unknown): boolean;
}

/** The registry's view: options are whatever `options` parsed them to. */
export type EngineModule = TypedEngineModule<Record<string, unknown>>;

/** Erase a module's options type for the registry (`create`, `facts` and `asRun` get the parsed options back). */
export function defineEngine<O>(m: TypedEngineModule<O>): EngineModule {
  return m as unknown as EngineModule;
}

/** A DeliveryMapping helper: a setting the model lacks is "not applicable" from the scenario, refused on the entry. */
export function deliveryNotes(own: DeliveryRequest['own']) {
  const notes: string[] = [];
  const notApplicable: Array<'checkpoint' | 'sink'> = [];
  return {
    notes,
    notApplicable,
    /** Returns the refusal (an entry's own setting), or null after noting "not applicable: reason". */
    lacks(what: 'checkpoint' | 'sink', reason: string): string | null {
      if (own[what]) return reason;
      notes.push(`not applicable: ${reason}`);
      notApplicable.push(what);
      return null;
    },
  };
}
