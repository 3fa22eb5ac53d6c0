// Notebook 10's results and state backends: every window's final result in the job that stopped and resumed
// against the same job never stopped and the oracle; and checkpoint size and time against state size for
// the heap and lmdb backends, measured in Node when the notebooks were built (lmdb cannot run in a browser).

import type { BackendFigures } from '../../build/state-backend-figures.ts';
import { compareRows } from '../../lib/compare-runs.ts';
import type { CellValue } from '../../lib/dom.ts';
import type { View } from '../../lib/types.ts';
import { vlView } from '../../lib/vl-view.ts';
import { holdsDelayed, type Model, type P } from './scenario.ts';

/** `key|start,end` (a result's id) → its window. */
const windowOf = (id: string) => {
  const [start, end] = id.split('|')[1]!.split(',').map(Number);
  return { start: start!, end: end! };
};

declare const STREAMLAB_STATE_BACKENDS: BackendFigures;

/** The figures the build embedded (the build defines the constant; esbuild inlines it). */
export const BACKEND_FIGURES: BackendFigures = STREAMLAB_STATE_BACKENDS;

export function resultsView(): View<P, Model> {
  return vlView<P, Model>({
    id: 'results',
    title: 'Nothing lost, nothing counted twice',
    description: (ctx) =>
      ctx.model.main.error
        ? `The new job did not start: ${ctx.model.main.error.message}`
        : 'Each window’s final count in the job that stopped at the savepoint and resumed, beside the same job never stopped and the oracle. State moves exactly: every window of on-time events agrees. Every tenth event arrives 1.5 s late, and its fate may differ: the watermark is not in a savepoint (the new job starts without one), and with another parallelism each source subtask’s watermark follows other records (A3, A9).',
    spec: (ctx) => {
      if (ctx.model.main.error) return null;
      const rows = compareRows([ctx.model.main, ctx.model.straight]);
      return {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: 420,
        height: 180,
        data: {
          values: rows.flatMap((r) => [
            { window: r.window, run: 'resumed', n: Number(r.raw[0] ?? 0) },
            { window: r.window, run: 'never stopped', n: Number(r.raw[1] ?? 0) },
          ]),
        },
        mark: 'bar',
        encoding: {
          x: { field: 'window', type: 'nominal', title: null, axis: { labelAngle: 0 } },
          xOffset: { field: 'run' },
          y: { aggregate: 'sum', field: 'n', type: 'quantitative', title: 'events counted (all keys)' },
          color: { field: 'run', type: 'nominal', title: null, scale: { range: ['#4e79a7', '#e8890c'] } },
        },
      };
    },
    table: (ctx) => ({
      caption: 'Final result per key and window',
      head: ['key', 'window', 'resumed', 'never stopped', 'oracle', 'resumed = never stopped'],
      rows: ctx.model.main.error
        ? []
        : compareRows([ctx.model.main, ctx.model.straight]).map((r): CellValue[] => [
            r.key,
            r.window,
            r.values[0]!,
            r.values[1]!,
            r.oracle,
            r.same
              ? { text: 'yes', cls: 'ok' }
              : holdsDelayed(ctx.values, r.key, windowOf(r.id))
                ? { text: 'no: a late event’s fate' }
                : { text: 'no', cls: 'bad' },
          ]),
    }),
  });
}

export function backendsView(): View<P, Model> {
  const f = BACKEND_FIGURES;
  return vlView<P, Model>({
    id: 'backends',
    title: 'State backends: checkpoint time against state size',
    description: `Heap keeps state as objects; lmdb (the lab's RocksDB-class backend) keeps it serialized in an embedded on-disk store (A11). These figures were measured in Node when the notebooks were built (${f.measuredAt.slice(0, 10)}, Node ${f.node}, ${f.platform}) and are embedded in this page: lmdb is a native module and does not run in a browser. Each is the median of five synchronous checkpoints of one open window holding that many keys; sizes are equal because both backends write the same snapshot format.`,
    spec: () => ({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 380,
      height: 200,
      data: { values: f.figures.map((x) => ({ ...x, kib: x.bytes / 1024 })) },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'entries', type: 'quantitative', title: 'state entries (keys)' },
        y: { field: 'ms', type: 'quantitative', title: 'checkpoint time (ms, build machine)' },
        color: { field: 'backend', type: 'nominal', title: null },
        tooltip: [{ field: 'backend' }, { field: 'entries' }, { field: 'ms' }, { field: 'kib', format: '.0f', title: 'KiB' }],
      },
    }),
    table: () => ({
      caption: 'Measured in Node at build time',
      head: ['backend', 'state entries', 'checkpoint size', 'checkpoint time'],
      rows: f.figures.map((x) => [x.backend, String(x.entries), `${(x.bytes / 1024).toFixed(0)} KiB`, `${x.ms} ms`]),
    }),
  });
}
