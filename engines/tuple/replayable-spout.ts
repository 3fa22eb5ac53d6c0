// The declarative job's spout: reads an append-only record log (a Kafka-like partition) by offset and
// uses the offset as msgId. Replay is the spout's job (C2): a failed or timed-out offset is queued and
// re-emitted before new records, as a new tree — so whatever already processed it processes it again.
import type { Rec } from '../core/aggregates.ts';
import type { SourceLog } from '../core/source-log.ts';
import type { Spout, SpoutOutputCollector } from './components.ts';
import { Fifo } from './task.ts';

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
        const r = log.get(again);
        collector.emit(r, again, streamOf(r));
        return;
      }
      if (cursor >= log.end) return;
      const offset = cursor++;
      const r = log.get(offset);
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
      return cursor >= log.end && retry.size === 0;
    },
  };
}
