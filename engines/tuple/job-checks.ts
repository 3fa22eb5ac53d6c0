// What Storm core cannot run, refused with the JSON path and a one-line reason (never emulated):
// sessions, allowed lateness, triggers, output modes, explicit watermarks, and the limits of each
// windowing option (C3 for BaseWindowedBolt; tick tuples are processing time only).
import { RefusedError } from '../core/errors.ts';
import type { Job } from '../core/job.ts';
import { windowConfigFor } from './compile-job.ts';
import type { TupleOptions } from './module.ts';
import { windowConfigProblem } from './windowing/windowed-bolt.ts';

/** Throws RefusedError for a job this model does not support under these options. */
export function checkTupleJob(job: Job, options: TupleOptions): void {
  const w = job.window;
  if (w.kind === 'session') throw new RefusedError('job.window', 'Storm has no session windows (D)');
  if (w.kind === 'global')
    throw new RefusedError('job.window', 'Storm windowed bolts have no global window; use a count or duration window (C3)');
  if ((w.kind === 'tumbling' || w.kind === 'sliding') && (w.offset ?? 0) !== 0) {
    throw new RefusedError('job.window.offset', 'Storm window ends are multiples of the slide; there is no offset (C3)');
  }
  if (job.allowedLateness > 0) throw new RefusedError('job.allowedLateness', 'Storm has no allowed lateness, only the lag (C3, D)');
  if (job.trigger !== 'default')
    throw new RefusedError('job.trigger', 'Storm windows fire once per window end; there is no purging trigger to choose (C3)');
  if (job.outputMode !== 'append') {
    throw new RefusedError('job.outputMode', 'Storm has no output modes: a window is emitted once, when it is evaluated (C3)');
  }
  if (job.time === 'ingestion') {
    throw new RefusedError('job.time', 'Storm has no ingestion time: use processing (arrival at the bolt) or event (a timestamp field)');
  }
  const wm = job.watermark;
  if (wm === 'explicit') {
    if (job.time !== 'event') throw new RefusedError('job.watermark', 'explicit watermarks are event time: set job.time to "event" (C3)');
    if (job.lateOutput)
      throw new RefusedError('job.lateOutput', 'with explicit watermarks nothing is late: WindowManager.add has no late check (C3)');
    if (options.windowing === 'tickTuples')
      throw new RefusedError('job.watermark', 'tick tuples fire by processing time: there is no watermark to give (C3)');
  }
  if (wm !== undefined && wm !== 'explicit' && wm.idleness !== undefined)
    throw new RefusedError('job.watermark.idleness', 'Storm has no idleness: a silent stream holds the watermark back (C3)');
  for (const [name, s] of Object.entries(job.streams ?? {})) {
    if (s.watermark !== undefined) {
      throw new RefusedError(`job.streams.${name}.watermark`, 'a Storm windowed bolt has one lag for all its input streams (C3)');
    }
  }
  if (job.lateOutput && job.time !== 'event') {
    throw new RefusedError('job.lateOutput', 'a late tuple stream needs a timestamp field: by processing time nothing is late (ST-WBE)');
  }
  if (options.windowing === 'tickTuples') checkTickTuples(job);
  else {
    const problem = windowConfigProblem(windowConfigFor(job), options.messageTimeout, options.maxSpoutPending ?? Number.POSITIVE_INFINITY);
    if (problem !== null) {
      const path = problem.includes('maxSpoutPending') ? 'engine.maxSpoutPending' : 'engine.messageTimeout';
      throw new RefusedError(path, `${problem}; Storm's windowed bolt refuses this at prepare (C3)`);
    }
  }
}

function checkTickTuples(job: Job): void {
  const w = job.window;
  if (job.time !== 'processing') {
    throw new RefusedError(
      'job.time',
      'tick tuples fire by processing time: the pre-1.0 pattern has no event time (use windowing "windowedBolt")',
    );
  }
  if (w.kind === 'count')
    throw new RefusedError('job.window', 'the tickTuples pattern keeps rolling time slots; count windows need windowing "windowedBolt"');
  if (w.kind !== 'tumbling' && w.kind !== 'sliding') return;
  const slide = w.kind === 'sliding' ? w.slide : w.size;
  if (slide % 1000 !== 0)
    throw new RefusedError(
      `job.window.${w.kind === 'sliding' ? 'slide' : 'size'}`,
      'tick tuples come every whole number of seconds (topology.tick.tuple.freq.secs)',
    );
  if (w.size % slide !== 0)
    throw new RefusedError('job.window.slide', `the rolling slots need size (${w.size}) to be a multiple of slide (${slide})`);
}
