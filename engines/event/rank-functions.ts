// Flink SQL's dedup and Top-N operators as KeyedProcessFunctions (A7) over the event engine, keyed by the
// dedup key or the top-N partition (core/rank-job.ts `rankKey`). Outputs are changelog rows (ChangelogRow):
// `+I` only where Flink's operator is append-only (keep-first on rowtime, window Top-N), `-U`/`+U` where it
// updates (keep-last, the unbounded Top-N).
import type { Rec } from '../core/aggregates.ts';
import { readField } from '../core/field-path.ts';
import { type ChangelogRow, type DedupSpec, rankOrder, type TopNSpec } from '../core/rank-job.ts';
import type { WindowAssigner } from '../core/windows/assigners.ts';
import type { KeyedProcessFunction } from './process-operator.ts';

/** A windowed result of a process function: the operator factory lifts `window` into the emission. */
export interface WindowedValue {
  readonly windowed: true;
  readonly window: { start: number; end: number };
  readonly value: unknown;
}

export function isWindowedValue(v: unknown): v is WindowedValue {
  return typeof v === 'object' && v !== null && (v as { windowed?: unknown }).windowed === true;
}

/**
 * Keep-first on rowtime (RowTimeDeduplicateKeepFirstRowFunction as rewritten by FLINK-37005, Flink ≥ 2.1
 * (unconfirmed); before, keep-first emitted `+I` at once and `-U`/`+U` when an older rowtime came): append-only, it
 * emits through a timer. A row with `rowtime < watermark` is late and dropped (numLateRecordsDropped); once
 * a key has emitted, every later row is ignored; otherwise a row with a strictly smaller rowtime replaces the
 * waiting one (an equal rowtime does not: DeduplicateFunctionHelper.shouldKeepCurrentRow) and moves the
 * event-time timer to its rowtime. The timer emits the waiting row, stamped with its rowtime, and marks
 * the key emitted. That flag stays forever here (Flink expires it only with table.exec.state.ttl, which
 * the format has no field for).
 */
export function keepFirstOnRowtime(): KeyedProcessFunction {
  return {
    processElement(record, ctx) {
      const t = ctx.timestamp();
      const timers = ctx.timerService();
      if (t < timers.currentWatermark()) {
        ctx.output('dropped', record);
        return;
      }
      if (ctx.valueState<boolean>('emitted').value()) return;
      const waiting = ctx.valueState<[number, Rec]>('waiting');
      const prev = waiting.value();
      if (prev !== undefined && !(t < prev[0])) return;
      if (prev !== undefined) timers.deleteEventTimeTimer(prev[0]);
      timers.registerEventTimeTimer(t);
      waiting.update([t, record]);
    },
    onTimer(_ts, ctx, out) {
      const waiting = ctx.valueState<[number, Rec]>('waiting');
      const row = waiting.value();
      if (row === undefined) return;
      out({ op: '+I', row: row[1] } satisfies ChangelogRow);
      waiting.clear();
      ctx.valueState<boolean>('emitted').update(true);
    },
  };
}

/**
 * Keep-last on rowtime (RowTimeDeduplicateFunction with keepLastRow, generateUpdateBefore): a row whose
 * rowtime is >= the kept one's replaces it at once, `+I` for a key's first row, else `-U` old, `+U` new.
 * There is no late check at all: a row behind the watermark still updates if its rowtime is not older
 * than the kept one (surprising next to keep-first, but that is the operator). The final state of the
 * changelog is the oracle's keep-last row.
 */
export function keepLastOnRowtime(): KeyedProcessFunction {
  return {
    processElement(record, ctx, out) {
      const t = ctx.timestamp();
      const kept = ctx.valueState<[number, Rec]>('kept');
      const prev = kept.value();
      if (prev !== undefined && prev[0] > t) return;
      if (prev === undefined) out({ op: '+I', row: record } satisfies ChangelogRow);
      else {
        out({ op: '-U', row: prev[1] } satisfies ChangelogRow);
        out({ op: '+U', row: record } satisfies ChangelogRow);
      }
      kept.update([t, record]);
    },
  };
}

export function dedupFunction(spec: DedupSpec): KeyedProcessFunction {
  return spec.keep === 'first' ? keepFirstOnRowtime() : keepLastOnRowtime();
}

/** Insert `r` into a top list sorted by `orderBy` (desc or asc), after its equals (ties by arrival), cut to n. */
export function insertTop(list: readonly Rec[], r: Rec, s: TopNSpec): Rec[] {
  const order = rankOrder<Rec>(s, readField);
  let i = list.length;
  while (i > 0 && order(r, list[i - 1]!) < 0) i--;
  return [...list.slice(0, i), r, ...list.slice(i)].slice(0, s.n);
}

/**
 * Window Top-N (WindowRankOperator over a TUMBLE/HOP window TVF): each row goes to each of its windows'
 * top-N buffer (only the best n are kept; ties by arrival); a window's rows are emitted once, ranks 1..n,
 * stamped end − 1, when the watermark reaches end − 1 (its timer; window_time = end − 1), and the window's
 * state is dropped. A (row, window) whose window has already fired (end − 1 <= watermark) is late and
 * skipped; a row late for every window is dropped (numLateRecordsDropped).
 */
export function windowTopN(spec: TopNSpec, assigner: WindowAssigner): KeyedProcessFunction {
  return {
    processElement(record, ctx) {
      const t = ctx.timestamp();
      const timers = ctx.timerService();
      // Per window (by its timer, end − 1) the top rows. A plain object, not MapState: it goes through
      // checkpoints as JSON whatever realm made it.
      const state = ctx.valueState<Record<string, Rec[]>>('top');
      const buffers = { ...(state.value() ?? {}) };
      const windows = assigner.assign(t);
      let accepted = false;
      for (const w of windows) {
        if (w.end - 1 <= timers.currentWatermark()) continue;
        accepted = true;
        buffers[w.end - 1] = insertTop(buffers[w.end - 1] ?? [], record, spec);
        timers.registerEventTimeTimer(w.end - 1);
      }
      if (accepted) state.update(buffers);
      else if (windows.length > 0) ctx.output('dropped', record); // a row in a HOP gap has no window row at all
    },
    onTimer(ts, ctx, out) {
      const state = ctx.valueState<Record<string, Rec[]>>('top');
      const { [ts]: rows = [], ...rest } = state.value() ?? {};
      const size = assigner.size!;
      const window = { start: ts + 1 - size, end: ts + 1 };
      for (const [i, row] of rows.entries()) out({ windowed: true, window, value: { op: '+I', row, rank: i + 1 } } satisfies WindowedValue);
      if (Object.keys(rest).length === 0) state.clear();
      else state.update(rest);
    },
  };
}

/**
 * The unbounded Top-N over an append-only input (AppendOnlyTopNFunction, with the row number in the output):
 * each row that enters a partition's top N updates the ranks it shifts — `+I` for a rank first filled,
 * `-U` old / `+U` new for a rank whose row changed; a row that does not enter changes nothing. Event time
 * plays no part (no late handling). The final state is the oracle's top N.
 */
export function unboundedTopN(spec: TopNSpec): KeyedProcessFunction {
  return {
    processElement(record, ctx, out) {
      const state = ctx.valueState<Rec[]>('top');
      const after = updateTop(state.value() ?? [], record, spec, out);
      if (after !== null) state.update(after);
    },
  };
}

/**
 * One row into a partition's top list (AppendOnlyTopNFunction): the changelog rows of every rank it shifts
 * go to `out`; the new list, or null when the row did not enter and nothing changed.
 */
export function updateTop(before: readonly Rec[], record: Rec, spec: TopNSpec, out: (row: ChangelogRow) => void): Rec[] | null {
  const after = insertTop(before, record, spec);
  let changed = false;
  after.forEach((row, i) => {
    const old = before[i];
    if (old !== undefined && JSON.stringify(old) === JSON.stringify(row)) return;
    changed = true;
    if (old === undefined) out({ op: '+I', row, rank: i + 1 });
    else {
      out({ op: '-U', row: old, rank: i + 1 });
      out({ op: '+U', row, rank: i + 1 });
    }
  });
  return changed ? after : null;
}
