// Notebook 8's tables: every checkpoint as the engine stored it (trigger, completion, source offset, keyed
// state per key and window, the in-flight records an unaligned checkpoint keeps, the records its at-least-once
// snapshot holds from after its barrier), the results against the oracle, and Spark's checkpoint directory.
import type { ChannelRecord } from '../../../engines/event/runtime/channels.ts';
import { cursorStep } from '../../lib/cursor-time.ts';
import { type CellValue, dataTable, fillTable, h } from '../../lib/dom.ts';
import { mainOutputs } from '../../lib/drive.ts';
import { fmtValue, fmtWindow, secs } from '../../lib/format.ts';
import { ledger } from '../../lib/output-ledger.ts';
import { type StoredCheckpoint, stateEntries } from '../../lib/recorded-checkpoints.ts';
import type { Run } from '../../lib/run.ts';
import type { Ctx, View } from '../../lib/types.ts';
import { cursorAt } from './channels.ts';
import { type Model, offsetOf, type P, SPARK_POINT_NAME } from './scenario.ts';

const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);

/** One row per stored checkpoint (up to time t). */
export function checkpointRows(m: Model, t: number): CellValue[][] {
  const log = new Map(m.flink.log.checkpoints.map((c) => [c.id, c]));
  return (m.flink.storage?.saved ?? [])
    .filter((s: StoredCheckpoint) => s.at <= t)
    .map((s) => {
      const cp = s.data;
      const c = log.get(cp.id!);
      const entries = stateEntries(cp);
      const state = entries.map(({ entry: [, key, ns, value] }) => `${String(key)}@${secs(Number(ns))}: ${fmtValue(value)}`).join('; ');
      const after = entries.flatMap(({ entry }) => ids(entry[3]).filter((id) => offsetOf(id) >= cp.offset));
      const inFlight = (cp.channelState ?? []).flat().map((r) => `e${String((r as ChannelRecord)[2].id)}`);
      return [
        String(cp.id),
        c ? secs(c.triggeredAt) : '–',
        c ? secs(c.completedAt) : '–',
        c ? secs(c.completedAt - c.triggeredAt) : '–',
        `${cp.offset} (before e${cp.offset + 1})`,
        state || 'empty',
        inFlight.join(' ') || '–',
        after.length ? { text: after.map((id) => `e${id}`).join(' '), cls: 'bad' } : '–',
      ];
    });
}

function ledgerCells(run: Run, upto: number): CellValue[][] {
  return ledger(mainOutputs(run, upto), run.oracle).map((r) => [
    secs(r.time),
    String(r.e.key ?? '–'),
    fmtWindow(r.e.window),
    fmtValue(r.e.value),
    r.verdict === 'first' ? 'first' : { text: r.verdict === 'duplicate' ? 'again (same)' : 'again (changed)', cls: 'bad' },
    r.matchesOracle ? { text: '= oracle', cls: 'ok' } : { text: `oracle: ${fmtValue(r.oracle)}`, cls: 'bad' },
  ]);
}

export function checkpointsView(): View<P, Model> {
  const table = dataTable('checkpoints-table', 'Every completed checkpoint, as the engine stored it', [
    'checkpoint',
    'triggered',
    'complete',
    'took',
    'source offset',
    'keyed state (key@window: ids)',
    'in-flight records stored',
    'records from after the barrier',
  ]);
  const restarts = h('p', { class: 'run-note', id: 'restart-note' });
  return {
    id: 'checkpoints',
    mount(el) {
      el.append(h('h2', { id: 'h-checkpoints' }, 'What each checkpoint holds'), restarts, h('div', { class: 'pair-table scroll' }, table));
    },
    update(ctx) {
      const { time } = cursorAt(ctx.model, ctx.cursor);
      fillTable(table, checkpointRows(ctx.model, time), 'no checkpoint yet');
      const r = ctx.model.flink.log.restarts.filter((x) => x.at <= time);
      restarts.textContent = r.length
        ? r
            .map(
              (x) =>
                `Crash at ${secs(x.at)}: restored checkpoint ${x.fromCheckpoint ?? 'none'}, the source rewound and replayed ${x.replayed} records.`,
            )
            .join(' ')
        : 'No crash yet. A restart restores the latest completed checkpoint and rewinds the sources to its offset (A9).';
    },
  };
}

export function resultsView(): View<P, Model> {
  const table = dataTable('results-table', 'Flink: results in the order the sink (plain) received them', [
    'time',
    'key',
    'window',
    'value',
    'written',
    'oracle',
  ]);
  return {
    id: 'results',
    mount(el) {
      el.append(
        h('h2', { id: 'h-results' }, 'Exactly-once state, at-least-once output'),
        h(
          'p',
          { class: 'description' },
          'A window the replay fires again is written again (the sink here is plain); its value stays right when the restored state was exact. In at-least-once mode a record from after the barrier is in the state and is replayed too: the value counts it twice.',
        ),
        h('div', { class: 'pair-table scroll' }, table),
      );
    },
    update(ctx: Ctx<P, Model>) {
      fillTable(table, ledgerCells(ctx.model.flink.run, cursorStep(ctx.model.flink.run, ctx.cursor)), 'no result yet');
    },
  };
}

export function sparkView(): View<P, Model> {
  const note = h('p', { class: 'description', id: 'spark-description' });
  const files = dataTable('spark-files', "Spark's checkpoint directory, file by file", ['written at', 'file', 'contents']);
  const out = dataTable('spark-results', 'Spark: rows the memory sink received', ['time', 'key', 'window', 'value', 'written', 'oracle']);
  return {
    id: 'spark',
    mount(el) {
      el.append(
        h('h2', { id: 'h-spark' }, 'Spark beside it: the offset log and the commit log'),
        note,
        h('div', { class: 'pair' }, h('div', { class: 'pair-table scroll' }, files), h('div', { class: 'pair-table scroll' }, out)),
      );
    },
    update(ctx) {
      const s = ctx.model.spark;
      const { time } = cursorAt(ctx.model, ctx.cursor);
      note.textContent =
        s.crashBatch === null
          ? 'The same input on Structured Streaming, a batch every second: each batch writes offsets/N (what it will read) before it runs and commits/N after the sink has its rows (B7). Choose a crash time to crash one batch.'
          : `Batch ${s.crashBatch} crashes ${SPARK_POINT_NAME[ctx.values.sparkPoint as keyof typeof SPARK_POINT_NAME]}; the query restarts a second later and re-runs any batch whose offsets/N has no commits/N, with the same offsets and watermark (B7). The memory sink is not idempotent: a re-run that reaches it shows twice.`;
      fillTable(
        files,
        s.files.filter((f) => f.at <= time).map((f) => [secs(f.at), f.name, { text: f.text, cls: 'mono' }]),
        'no batch yet',
      );
      const upto = s.run.stepTimes.findLastIndex((x) => x <= time);
      fillTable(out, ledgerCells(s.run, upto), 'no rows yet');
    },
  };
}
