// What Storm core cannot run, refused with the JSON path and a one-line reason (never emulated):
// sessions, allowed lateness, triggers, output modes, explicit watermarks, and the limits of each
// windowing option (C3 for BaseWindowedBolt; tick tuples are processing time only).
import { RefusedError } from '../core/errors.ts';
import type { Job } from '../core/job.ts';
import { windowConfigFor } from './compile-job.ts';
import { MESSAGES } from './messages.ts';
import type { TupleOptions } from './module.ts';
import { type WindowConfig, windowConfigProblem } from './windowing/windowed-bolt.ts';

/** Throws RefusedError for a job this model does not support under these options. */
export function checkTupleJob(job: Job, options: TupleOptions): void {
  const w = job.window;
  if (w.kind === 'session') throw new RefusedError('job.window', MESSAGES.noSessions);
  if (w.kind === 'global') throw new RefusedError('job.window', MESSAGES.noGlobalWindow);
  if ((w.kind === 'tumbling' || w.kind === 'sliding') && (w.offset ?? 0) !== 0) {
    throw new RefusedError('job.window.offset', MESSAGES.noOffset);
  }
  if (job.allowedLateness > 0) throw new RefusedError('job.allowedLateness', MESSAGES.noAllowedLateness);
  if (job.trigger !== 'default') throw new RefusedError('job.trigger', MESSAGES.noTriggers);
  if (job.outputMode !== 'append') {
    throw new RefusedError('job.outputMode', MESSAGES.noOutputModes);
  }
  if (job.time === 'ingestion') {
    throw new RefusedError('job.time', MESSAGES.noIngestionTime);
  }
  const wm = job.watermark;
  if (wm === 'explicit') {
    if (job.time !== 'event') throw new RefusedError('job.watermark', MESSAGES.explicitIsEventTime);
    if (job.lateOutput) throw new RefusedError('job.lateOutput', MESSAGES.explicitNothingLate);
    if (options.windowing === 'tickTuples') throw new RefusedError('job.watermark', MESSAGES.tickTuplesNoWatermark);
  }
  if (wm !== undefined && wm !== 'explicit' && wm.idleness !== undefined)
    throw new RefusedError('job.watermark.idleness', MESSAGES.noIdleness);
  for (const [name, s] of Object.entries(job.streams ?? {})) {
    if (s.watermark !== undefined) {
      throw new RefusedError(`job.streams.${name}.watermark`, MESSAGES.oneLag);
    }
  }
  if (job.lateOutput && job.time !== 'event') {
    throw new RefusedError('job.lateOutput', MESSAGES.lateStreamNeedsEventTime);
  }
  if (options.windowing === 'tickTuples') checkTickTuples(job);
  else checkWindowConfig(windowConfigFor(job), options);
}

/**
 * Storm's prepare-time check of a windowed bolt (ST-WBE validate) as a refusal naming the engine option, before
 * the topology is built: every windowed bolt the lab builds (aggregation, JoinBolt, Top-N) goes through it.
 */
export function checkWindowConfig(config: WindowConfig, options: TupleOptions): void {
  const problem = windowConfigProblem(config, options.messageTimeout, options.maxSpoutPending ?? Number.POSITIVE_INFINITY);
  if (problem !== null) {
    const path = problem.includes('maxSpoutPending') ? 'engine.maxSpoutPending' : 'engine.messageTimeout';
    throw new RefusedError(path, MESSAGES.refusedAtPrepare(problem));
  }
}

function checkTickTuples(job: Job): void {
  const w = job.window;
  if (job.time !== 'processing') {
    throw new RefusedError('job.time', MESSAGES.tickTuplesProcessingTime);
  }
  if (w.kind === 'count') throw new RefusedError('job.window', MESSAGES.tickTuplesNoCount);
  if (w.kind !== 'tumbling' && w.kind !== 'sliding') return;
  const slide = w.kind === 'sliding' ? w.slide : w.size;
  if (slide % 1000 !== 0) throw new RefusedError(`job.window.${w.kind === 'sliding' ? 'slide' : 'size'}`, MESSAGES.tickWholeSeconds);
  if (w.size % slide !== 0) throw new RefusedError('job.window.slide', MESSAGES.tickSlots(w.size, slide));
}
