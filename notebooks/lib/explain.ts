// The "explain" of predict → step → explain: sentences saying what the engine just did in one moment
// and which rule of SEMANTICS.md made it, written from the run's emissions, watermarks and batches.
// It describes outcomes the engine produced; it never computes one itself.
import type { Job } from '../../engines/core/job.ts';
import { aggregationJob } from '../../engines/trace.ts';
import { resultId } from './fates.ts';
import { fmtRecord, fmtValue, fmtWatermark, fmtWindow, secs } from './format.ts';
import type { Moment, Run, Stamped } from './run.ts';

export interface Sentence {
  text: string;
  /** SEMANTICS.md keys, e.g. ['A5', 'A6']. */
  rules: string[];
}

/** The rule titles the badges show on hover. */
export const RULES: Record<string, string> = {
  A1: 'Flink: notions of time',
  A2: 'Flink: watermark generation',
  A3: 'Flink: watermark propagation',
  A4: 'Flink: window assignment',
  A5: 'Flink: triggers',
  A6: 'Flink: the WindowOperator algorithm',
  A8: 'Flink: keys, key groups, parallelism',
  A9: 'Flink: checkpoints, barriers, alignment, delivery modes',
  A10: 'Flink: two-phase-commit sink',
  A11: 'Flink: state backends and checkpoint storage',
  B1: 'Spark: Structured Streaming triggers',
  B2: 'Spark: one micro-batch, in order',
  B3: 'Spark: event-time watermark',
  B4: 'Spark: windows',
  B5: 'Spark: late data and state eviction',
  B6: 'Spark: output modes',
  B7: 'Spark: fault tolerance and delivery',
  B8: 'Spark: DStreams',
  C1: 'Storm: topology model',
  C2: 'Storm: acking (at-least-once)',
  C3: 'Storm: windowing (BaseWindowedBolt)',
  D: 'Cross-engine differences',
};

/** For each event id, the oracle's windows holding it (the ground truth over the whole input). */
export function oracleWindowsById(run: Run): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const r of run.oracle) {
    if (!Array.isArray(r.value)) continue;
    for (const id of r.value) {
      if (typeof id !== 'number') continue;
      const list = out.get(id) ?? [];
      list.push(fmtWindow(r.window, run.closure));
      out.set(id, list);
    }
  }
  return out;
}

/** What happened in moment `index` of `run`, in order: arrivals, batches, watermark, results, late events. */
export function explainMoment(run: Run, index: number): Sentence[] {
  const m = run.moments[index];
  if (!m) return [];
  const job = run.trace ? aggregationJob(run.trace) : undefined;
  // A timeline observed without a trace (a topology): what its observer said is all there is.
  if (!job) return m.notes.length > 0 ? [...m.notes] : [{ text: `Nothing visible happened at ${secs(m.time)}.`, rules: [] }];
  const out: Sentence[] = [];
  const firstAt = firstMoments(run);
  const windows = oracleWindowsById(run);
  const decided = new Set<unknown>();
  for (const s of m.emissions) {
    if (s.e.output === 'late' || s.e.output === 'dropped') decided.add(s.e.record.id);
    if (s.e.output === 'main' && Array.isArray(s.e.value)) for (const id of s.e.value) decided.add(id);
  }
  if (m.end) out.push(endSentence(run.kind));
  for (const i of m.steps) {
    const action = run.trace!.steps[i]!.action;
    if ('checkpoint' in action) out.push(checkpointSentence(run.kind));
    if ('restart' in action) out.push(restartSentence(run.kind));
  }
  for (const r of m.added) {
    const label = typeof r.id === 'number' ? `e${r.id}` : fmtRecord(r);
    const ts = typeof r.ts === 'number' ? ` (event time ${secs(r.ts)})` : '';
    const wins = typeof r.id === 'number' ? windows.get(r.id) : undefined;
    if (decided.has(r.id)) out.push({ text: `${label}${ts} arrived.`, rules: [] });
    else out.push(waitSentence(run.kind, job, `${label}${ts}`, wins));
  }
  for (const b of m.batches) out.push(...batchSentences(job, b));
  if (m.wmAfter !== m.wmBefore && !m.end) out.push(watermarkSentence(run, m));
  for (const s of m.emissions) {
    if (s.e.output === 'main') out.push(resultSentence(run, job, s, firstAt.get(resultId(s))! < m.index));
    if (s.e.output === 'late' || s.e.output === 'dropped') out.push(lateSentence(run.kind, job, s));
  }
  out.push(...m.notes);
  if (out.length === 0) out.push({ text: `Nothing visible happened: the clock moved to ${secs(m.time)}.`, rules: [] });
  return out;
}

function firstMoments(run: Run): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of run.moments)
    for (const s of m.emissions) if (s.e.output === 'main' && !out.has(resultId(s))) out.set(resultId(s), m.index);
  return out;
}

function endSentence(kind: string): Sentence {
  if (kind === 'event') {
    return {
      text: 'End of input: the bounded source emits the watermark +∞ (Long.MAX_VALUE), which fires every pending window.',
      rules: ['A3'],
    };
  }
  if (kind === 'microbatch') {
    return {
      text: 'End of input: Spark has no final watermark, so nothing is flushed; windows still open stay unwritten.',
      rules: ['B3', 'D'],
    };
  }
  return { text: 'End of input: Storm flushes nothing; only windows that a watermark already passed have fired.', rules: ['C3', 'D'] };
}

function checkpointSentence(kind: string): Sentence {
  if (kind === 'event')
    return { text: 'A checkpoint was taken: barriers passed through the job and every operator snapshotted its state.', rules: ['A9'] };
  if (kind === 'microbatch')
    return { text: 'Nothing to take: every committed batch already is a checkpoint (offsets, commits, state).', rules: ['B7'] };
  return { text: 'Storm core keeps no checkpoints: bolt state lives only in memory.', rules: ['C1'] };
}

function restartSentence(kind: string): Sentence {
  if (kind === 'event')
    return {
      text: 'The job crashed and restarted from its latest completed checkpoint; the source replays what came after it, and the watermark starts again from none.',
      rules: ['A9'],
    };
  if (kind === 'microbatch')
    return {
      text: 'The query restarted from its checkpoint directory: an uncommitted batch runs again with the same offsets and watermark.',
      rules: ['B7'],
    };
  return { text: 'The topology restarted: bolt memory is lost, and tuples not yet acked are replayed by the spout.', rules: ['C1', 'C2'] };
}

function waitSentence(kind: string, job: Job, who: string, wins: string[] | undefined): Sentence {
  const where = wins && wins.length > 0 ? `in ${wins.join(' and ')}` : 'in window state';
  if (job.window.kind === 'count')
    return { text: `${who} arrived and waits ${where} until its key has enough elements.`, rules: [kind === 'tuple' ? 'C3' : 'A4'] };
  if (job.time !== 'event' && kind === 'event') {
    return {
      text: `${who} arrived and waits ${where}; a ${job.time}-time window fires when the processing clock passes its end.`,
      rules: ['A1', 'A5'],
    };
  }
  if (kind === 'event')
    return { text: `${who} arrived and waits ${where} until the watermark reaches the window's end − 1.`, rules: ['A4', 'A5'] };
  if (kind === 'microbatch') return { text: `${who} arrived; the next batch reads it ${where}.`, rules: ['B2'] };
  return { text: `${who} arrived and waits ${where} until the bolt's watermark reaches the window's end.`, rules: ['C3'] };
}

function watermarkSentence(run: Run, m: Moment): Sentence {
  const from = fmtWatermark(m.wmBefore);
  const to = fmtWatermark(m.wmAfter);
  const job = aggregationJob(run.trace!);
  if (job.watermark === 'explicit') return { text: `A watermark arrived: ${from} → ${to}.`, rules: [run.kind === 'tuple' ? 'C3' : 'A3'] };
  if (run.kind === 'event') {
    const idle =
      job.watermark?.idleness !== undefined ||
      Object.values(job.streams ?? {}).some((s) => s.watermark !== 'explicit' && s.watermark?.idleness !== undefined);
    const n = Object.keys(job.streams ?? { main: {} }).length;
    const min = n > 1 ? ` The operator takes the minimum over its ${idle ? 'active (not idle) ' : ''}inputs.` : '';
    return {
      text: `The watermark moved ${from} → ${to}: each source emits its max timestamp − delay − 1 every ${job.watermark?.interval ?? 200} ms.${min}`,
      rules: n > 1 ? ['A2', 'A3'] : ['A2'],
    };
  }
  if (run.kind === 'microbatch') {
    return {
      text: `The watermark moved ${from} → ${to}: max event time − delay, computed at the end of a batch and used from the next one.`,
      rules: ['B3'],
    };
  }
  return { text: `The bolt's watermark moved ${from} → ${to}: min over input streams of their max timestamp − lag.`, rules: ['C3'] };
}

function batchSentences(job: Job, b: Moment['batches'][number]): Sentence[] {
  const rows = b.rows.map((r) => (typeof r.id === 'number' ? `e${r.id}` : fmtRecord(r)));
  const what =
    rows.length === 0
      ? `a no-data batch: no new rows, run because the watermark moved and state may be evicted`
      : `over ${rows.length} new row${rows.length > 1 ? 's' : ''} (${rows.join(' ')})`;
  const out: Sentence[] = [
    {
      text: `Batch ${b.id} ran at ${secs(b.at)}, ${what}. Its eviction watermark is ${fmtWatermark(b.wmBefore)}.`,
      rules: rows.length === 0 ? ['B2'] : ['B1', 'B2'],
    },
  ];
  if (b.wmAfter !== b.wmBefore && job.outputMode !== 'complete') {
    out.push({
      text: `At its end the watermark became ${fmtWatermark(b.wmAfter)}; it takes effect only in the next batch.`,
      rules: ['B2', 'B3'],
    });
  }
  return out;
}

function resultSentence(run: Run, job: Job, s: Stamped, again: boolean): Sentence {
  if (s.e.output !== 'main') throw new Error('not a result');
  const key = s.e.key !== undefined ? ` (key ${String(s.e.key)})` : '';
  const w = fmtWindow(s.e.window, run.closure);
  const value = fmtValue(s.e.value);
  if (run.kind === 'microbatch') {
    const mode = job.outputMode;
    if (mode === 'append')
      return {
        text: `Window ${w}${key} was appended with ${value}: the watermark reached its end, so its state was evicted and written once.`,
        rules: ['B5', 'B6'],
      };
    if (mode === 'update')
      return {
        text: `Window ${w}${key} was written with ${value}: update mode writes the rows that changed in this batch.`,
        rules: ['B6'],
      };
    return { text: `Window ${w}${key} = ${value}: complete mode writes the whole result table every batch.`, rules: ['B6'] };
  }
  if (run.kind === 'tuple') {
    return {
      text: `Window ${w}${key} was evaluated with ${value}: the watermark passed its end; Storm windows are (start, end].`,
      rules: ['C3'],
    };
  }
  if (s.e.window === null) return { text: `A count window${key} fired with ${value}: its key reached the count.`, rules: ['A4', 'A5'] };
  if (again) {
    const purging =
      job.trigger === 'purging' ? ' only the elements added since the last firing (purging trigger)' : ' everything so far (cumulative)';
    return {
      text: `Window ${w}${key} fired again with ${value}: a late event within the allowed lateness fires it at once, with${purging}.`,
      rules: ['A6'],
    };
  }
  if (job.time !== 'event')
    return { text: `Window ${w}${key} fired with ${value}: the processing clock passed its end.`, rules: ['A1', 'A5'] };
  if (run.moments[s.moment]?.end)
    return { text: `Window ${w}${key} fired with ${value}: the end-of-input watermark passed its end.`, rules: ['A3', 'A5'] };
  return {
    text: `Window ${w}${key} fired with ${value}: the watermark reached its end − 1 (${secs(s.e.window.end - 1)}).`,
    rules: ['A5', 'A6'],
  };
}

function lateSentence(kind: string, job: Job, s: Stamped): Sentence {
  if (s.e.output !== 'late' && s.e.output !== 'dropped') throw new Error('not a late record');
  const who = fmtRecord(s.e.record);
  const side = s.e.output === 'late';
  if (kind === 'event') {
    const l = job.allowedLateness > 0 ? ` + allowed lateness ${secs(job.allowedLateness)}` : '';
    return {
      text: `${who} is too late: every window it belongs to has end − 1${l} ≤ the watermark. ${side ? 'It goes to the late side output.' : 'It is dropped (counted, not output).'}`,
      rules: ['A6'],
    };
  }
  if (kind === 'microbatch')
    return { text: `${who} was dropped: its window's end is ≤ the watermark the batch uses for late rows.`, rules: ['B2', 'B5'] };
  return {
    text: `${who} is late: its timestamp is below the bolt's watermark. It is acked (never replayed) and ${side ? 'emitted on the late tuple stream' : 'only logged'}.`,
    rules: ['C3'],
  };
}
