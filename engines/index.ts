// streamlab's public API: the declarative job and traces, the three engines' entry points, the oracle,
// and the Flink-style fluent DataStream API. Internals import files directly; users import from here.
export type { Rec } from './core/aggregates.ts';
export { aggregateFor } from './core/aggregates.ts';
export type { Emission, MainEmission } from './core/emission.ts';
export type { StepAction, StepEngine } from './core/engine.ts';
export { InputError, RefusedError } from './core/errors.ts';
export { type Job, type JobInput, parseJob } from './core/job.ts';
export { MAX_TIME, MIN_TIME } from './core/time.ts';
export { countEvictor } from './core/windows/evictors.ts';
export { countTrigger, eventTimeTrigger, processingTimeTrigger, purging } from './core/windows/triggers.ts';
export {
  eventTimeSessionWindows,
  executionEnvironment,
  globalWindows,
  slidingEventTimeWindows,
  tumblingEventTimeWindows,
  tumblingProcessingTimeWindows,
} from './event/datastream.ts';
export { EventEngine } from './event/event-engine.ts';
export type { KeyedProcessFunction, ProcessContext } from './event/process-operator.ts';
export { evaluate as oracle, type OracleResult } from './oracle/oracle.ts';
export { ALL_KINDS, engineModule, modules as engines } from './registry.ts';
export { parseTrace, runTrace } from './trace.ts';
