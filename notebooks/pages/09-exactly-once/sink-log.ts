// The four swimlanes of notebook 9 as rows (pure, so the browser test can compare them with Node): the
// checkpoint coordinator (triggered, completed, crash), the window operator (each result it writes to the
// sink: the plain run's output, since the sink never changes what the operator computes), the sink
// (writes, upserts, transactions pre-committed as the engine stored them, commits, aborts) and the external
// store (what a reader sees). Everything is read off the runs, the recovery log and the stored checkpoints.
import { mainOutputs } from '../../lib/drive.ts';
import { fmtValue, fmtWindow } from '../../lib/format.ts';
import { resultKey } from '../../lib/output-ledger.ts';
import { pendingTransactions } from '../../lib/recorded-checkpoints.ts';
import type { SinkKind, SinkRun } from './scenario.ts';

export type Lane = 'coordinator' | 'operator' | 'sink' | 'store';
export const LANES: readonly Lane[] = ['coordinator', 'operator', 'sink', 'store'];
export const LANE_NAME: Record<Lane, string> = {
  coordinator: 'checkpoint coordinator',
  operator: 'window operator',
  sink: 'sink',
  store: 'external store',
};

export type Mark = 'trigger' | 'complete' | 'crash' | 'write' | 'precommit' | 'commit' | 'abort' | 'noop' | 'visible' | 'duplicate';

export interface LaneEvent {
  lane: Lane;
  time: number;
  mark: Mark;
  text: string;
  /** The result (key and window) an operator write or a visible row is about. */
  result?: string;
}

const ORDER: Record<Lane, number> = { coordinator: 0, operator: 1, sink: 2, store: 3 };

export function laneEvents(r: SinkRun, plain: SinkRun): LaneEvent[] {
  const out: LaneEvent[] = [];
  for (const c of r.log.checkpoints) {
    out.push({
      lane: 'coordinator',
      time: c.triggeredAt,
      mark: 'trigger',
      text: `checkpoint ${c.id} triggered: barriers leave the sources`,
    });
    out.push({ lane: 'coordinator', time: c.completedAt, mark: 'complete', text: `checkpoint ${c.id} complete (${c.bytes} bytes stored)` });
  }
  for (const x of r.log.restarts) {
    out.push({
      lane: 'coordinator',
      time: x.at,
      mark: 'crash',
      text: `crash: restart from checkpoint ${x.fromCheckpoint ?? 'none'}, ${x.replayed} records replayed`,
    });
  }
  const writes = mainOutputs(plain.run);
  const visible = mainOutputs(r.run);
  for (const w of writes) {
    out.push({
      lane: 'operator',
      time: w.time,
      mark: 'write',
      text: `${fmtWindow(w.e.window)} ${fmtValue(w.e.value)}`,
      result: resultKey(w.e.key, w.e.window),
    });
  }
  out.push(...sinkEvents(r.sink, r, writes, visible));
  for (const row of r.rows) {
    out.push({
      lane: 'store',
      time: row.time,
      mark: row.verdict === 'first' ? 'visible' : 'duplicate',
      text: `${fmtWindow(row.e.window)} ${fmtValue(row.e.value)}${row.verdict === 'first' ? '' : ` (${row.verdict})`}`,
      result: row.id,
    });
  }
  return out.sort((a, b) => a.time - b.time || ORDER[a.lane] - ORDER[b.lane]);
}

type Outputs = ReturnType<typeof mainOutputs>;

function sinkEvents(sink: SinkKind, r: SinkRun, writes: Outputs, visible: Outputs): LaneEvent[] {
  const out: LaneEvent[] = [];
  if (sink !== 'transactional') {
    // A write shows at once; an idempotent upsert of a value already there shows nothing.
    const shown = new Set(visible.map((v) => `${v.time}|${resultKey(v.e.key, v.e.window)}`));
    for (const w of writes) {
      const seen = shown.has(`${w.time}|${resultKey(w.e.key, w.e.window)}`);
      out.push({
        lane: 'sink',
        time: w.time,
        mark: seen ? 'write' : 'noop',
        text:
          sink === 'plain'
            ? `write ${fmtWindow(w.e.window)}`
            : seen
              ? `upsert ${fmtWindow(w.e.window)}`
              : `upsert ${fmtWindow(w.e.window)}: same value, no change`,
      });
    }
    return out;
  }
  for (const w of writes)
    out.push({ lane: 'sink', time: w.time, mark: 'write', text: `${fmtWindow(w.e.window)} into the open transaction` });
  for (const s of r.storage?.saved ?? []) {
    const mine = pendingTransactions(s.data).filter((t) => t.checkpointId === s.data.id);
    for (const t of mine) {
      out.push({
        lane: 'sink',
        time: s.at,
        mark: 'precommit',
        text: `pre-commit transaction ${t.id} (${t.items.length} row${t.items.length === 1 ? '' : 's'}) with checkpoint ${t.checkpointId}`,
      });
    }
  }
  const byTime = new Map<number, number>();
  for (const v of visible) byTime.set(v.time, (byTime.get(v.time) ?? 0) + 1);
  for (const [time, n] of byTime)
    out.push({ lane: 'sink', time, mark: 'commit', text: `commit: ${n} row${n === 1 ? '' : 's'} become visible` });
  for (const x of r.log.restarts)
    out.push({ lane: 'sink', time: x.at, mark: 'abort', text: 'abort the open transaction (its rows are computed again by the replay)' });
  return out;
}
