// The declarative job's spout: reads an append-only record log (a Kafka-like partition) by offset and
// uses the offset as msgId. Replay is the spout's job (C2): a failed or timed-out offset is queued and
// re-emitted before new records, as a new tree — so whatever already processed it processes it again.
import type { Rec } from '../core/aggregates.ts';
import type { Spout, SpoutOutputCollector } from './components.ts';
import { Fifo } from './task.ts';

/** Records in arrival order; an offset is a position in `records`. */
export class SourceLog {
  readonly records: Rec[] = [];

  append(records: readonly Rec[]): void {
    for (const r of records) this.records.push(r);
  }
}

export interface SourceCounters {
  /** First emissions of an offset. */
  emitted: number;
  /** Re-emissions of failed or timed-out offsets. */
  replayed: number;
  /** Offsets whose tree completed (or, without ackers, that were emitted). */
  acked: number;
}

export function replayableSpout(log: SourceLog, streamOf: (record: Rec) => string, counters: SourceCounters): Spout {
  let collector: SpoutOutputCollector;
  let cursor = 0;
  const retry = new Fifo<number>();
  return {
    open(_context, c) {
      collector = c;
    },
    nextTuple() {
      const again = retry.shift();
      if (again !== undefined) {
        counters.replayed++;
        const r = log.records[again]!;
        collector.emit(r, again, streamOf(r));
        return;
      }
      if (cursor >= log.records.length) return;
      const offset = cursor++;
      const r = log.records[offset]!;
      counters.emitted++;
      collector.emit(r, offset, streamOf(r));
    },
    ack() {
      counters.acked++;
    },
    fail(msgId) {
      retry.push(msgId as number);
    },
    quiet() {
      return cursor >= log.records.length && retry.size === 0;
    },
  };
}
