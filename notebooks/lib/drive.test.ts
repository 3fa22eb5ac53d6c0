// Part II's drivers in Node: a driven run equals runTrace when no hook acts; the engine built with a
// recording storage behaves as createTraceEngine's and stores what the recovery log counts; the ledger
// tells a first result from a repeated one.
import { parseTrace, runTrace } from '../../engines/trace.ts';
import { driveFile, mainOutputs } from './drive.ts';
import { ledger, summarize } from './output-ledger.ts';
import { pendingTransactions, recordedEventEngine, stateEntries } from './recorded-checkpoints.ts';
import { streamingTrace } from './trace-builder.ts';

const events = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, ts: 100 + i * 400, arrival: 200 + i * 400, key: i % 2 ? 'a' : 'b' }));
const file = (engine: Record<string, unknown>) =>
  streamingTrace({
    name: 'drive',
    engine: { kind: 'event', ...engine },
    job: { key: 'key', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'collect', field: 'id' }, watermark: { delay: 0 } },
    events,
    tick: 100,
    until: 6000,
    end: true,
  });

describe('driven runs', () => {
  test('without a hook, a driven run emits what runTrace emits, step by step', () => {
    const f = file({ checkpoint: { interval: 1000 }, sink: 'transactional', network: { delay: 100 } });
    const driven = driveFile(f);
    const plain = runTrace(parseTrace(f));
    expect(driven.error).toBeNull();
    expect(driven.steps.map((s) => s.emissions)).toEqual(plain.steps.map((s) => s.emissions));
  });

  test('the recording engine emits what createTraceEngine emits and stores one checkpoint per completed one', () => {
    const f = file({
      checkpoint: { interval: 1000, mode: 'unaligned' },
      sink: 'transactional',
      network: { delay: 100, skew: 50 },
      parallelism: 2,
    });
    let storage: ReturnType<typeof recordedEventEngine>['storage'] | null = null;
    const driven = driveFile(f, {
      engine: (t) => {
        const r = recordedEventEngine(t);
        storage = r.storage;
        return r.engine;
      },
    });
    expect(driven.steps.map((s) => s.emissions)).toEqual(runTrace(parseTrace(f)).steps.map((s) => s.emissions));
    const saved = storage!.saved;
    expect(saved.map((s) => s.id)).toEqual(saved.map((_, i) => i + 1));
    expect(saved.every((s) => s.data.maxParallelism === 128 && s.data.subtasks.length === 2)).toBe(true);
    // Keyed state entries carry their key group; the 2PC sink's transactions are in the checkpoint.
    expect(saved.some((s) => stateEntries(s.data).length > 0)).toBe(true);
    expect(saved.some((s) => pendingTransactions(s.data).length > 0)).toBe(true);
  });

  test('a hook can inject a fault: the restart shows in the notes and a plain sink repeats a replayed result', () => {
    const f = file({ checkpoint: { interval: 2000 }, network: { delay: 100 } });
    const at = f.steps.findIndex((s) => s.advance === 3300);
    const run = driveFile(f, {
      after: (i, e) => {
        if (i !== at) return undefined;
        e.injectFault!({ kind: 'crash-during-checkpoint' });
        return { notes: [{ text: 'crashed', rules: ['A9'] }] };
      },
    });
    expect(run.moments.find((m) => m.steps.includes(at))!.notes).toEqual([{ text: 'crashed', rules: ['A9'] }]);
    const s = summarize(ledger(mainOutputs(run), run.oracle), run.oracle);
    expect(s.duplicates).toBeGreaterThan(0);
    expect(s.missing).toBe(0);
  });
});
