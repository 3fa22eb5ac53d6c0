// "Measure here": a short tinybench run (bundled into the page, nothing loaded) of the three engines in the
// visitor's own browser: 1,000 records through each, as fast as the page can. Beside the simulated curve it
// shows what the curve does not: real throughput of this implementation on this machine, wall-clock, so it
// varies from run to run. Nothing is asserted about it; it is a figure.
import { Bench } from 'tinybench';
import type { StepEngine } from '../../../engines/core/engine.ts';
import { createTraceEngine, parseTrace, type Trace } from '../../../engines/trace.ts';
import { dataTable, fillTable, h } from '../../lib/dom.ts';
import type { View } from '../../lib/types.ts';
import { embedOptions } from '../../lib/vl-view.ts';
import type { Model, P } from './scenario.ts';

declare const vegaEmbed: (el: HTMLElement, spec: unknown, opts: Record<string, unknown>) => Promise<{ view: { finalize(): void } }>;

export const MEASURED_RECORDS = 1000;

interface Subject {
  engine: string;
  trace: Trace;
  /** Push the records through: add them, then whatever makes this engine process them. */
  drive(e: StepEngine, records: Array<Record<string, unknown>>): void;
}

function subjects(): Subject[] {
  const job = { key: 'key', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' }, watermark: { delay: 0 } };
  const trace = (engine: Record<string, unknown>) => parseTrace({ name: 'measure', engine, job, steps: [] });
  return [
    {
      engine: 'Flink (event)',
      trace: trace({ kind: 'event' }),
      drive(e, r) {
        e.add(r);
        e.end();
      },
    },
    {
      engine: 'Spark (micro-batch)',
      trace: trace({ kind: 'microbatch', trigger: 'availableNow' }),
      drive(e, r) {
        e.add(r);
        e.batch();
      },
    },
    {
      engine: 'Storm (tuple)',
      trace: trace({ kind: 'tuple' }),
      drive(e, r) {
        e.add(r);
        e.advance(3000);
      },
    },
  ];
}

export interface Measured {
  engine: string;
  recordsPerSecond: number;
  samples: number;
  rme: number;
}

/** Run the benchmark: a few hundred ms per engine. */
export async function measureHere(): Promise<Measured[]> {
  const records = Array.from({ length: MEASURED_RECORDS }, (_, i) => ({ key: `k${i % 50}`, ts: i }));
  const bench = new Bench({ time: 300, iterations: 5, warmupTime: 50, warmupIterations: 2 });
  const list = subjects();
  for (const s of list) bench.add(s.engine, () => s.drive(createTraceEngine(s.trace), records));
  await bench.run();
  return bench.tasks.map((t) => {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`${t.name}: ${r.state}`);
    return { engine: t.name, recordsPerSecond: (MEASURED_RECORDS / r.period) * 1000, samples: t.runs, rme: r.latency.rme };
  });
}

export function measureView(): View<P, Model> {
  const button = h('button', { type: 'button', id: 'measure' }, 'Measure here');
  const status = h('span', { id: 'measure-status', class: 'status', 'aria-live': 'polite' }, 'Not measured yet.');
  const table = dataTable(
    'measure-table',
    `Measured in your browser: ${MEASURED_RECORDS.toLocaleString('en')} records through each engine`,
    ['engine', 'records/s here', 'runs', '± (95%)'],
  );
  const figure = h('figure', { class: 'chart', id: 'measure-chart', 'data-rendered': 'true' });
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = 'Measuring (about a second)…';
    // Let the status paint before the benchmark takes the main thread.
    setTimeout(() => {
      measureHere()
        .then((rows) => {
          fillTable(
            table,
            rows.map((r) => [r.engine, Math.round(r.recordsPerSecond).toLocaleString('en'), String(r.samples), `${r.rme.toFixed(0)} %`]),
          );
          figure.setAttribute('data-rendered', 'false');
          return vegaEmbed(
            figure,
            {
              $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
              width: 360,
              height: 120,
              data: { values: rows },
              mark: 'bar',
              encoding: {
                y: { field: 'engine', type: 'nominal', title: null },
                x: { field: 'recordsPerSecond', type: 'quantitative', title: 'records per second in this browser (wall clock)' },
              },
            },
            embedOptions(),
          );
        })
        .then(() => {
          figure.setAttribute('data-rendered', 'true');
          status.textContent = `Measured ${new Date().toLocaleTimeString()}: wall-clock figures of this implementation in this browser; run it again and they change.`;
        })
        .catch((e: Error) => {
          status.textContent = `The measurement failed: ${e.message}`;
          console.error(e);
        })
        .finally(() => {
          button.disabled = false;
        });
    }, 30);
  });
  fillTable(table, [], 'press “Measure here”');
  return {
    id: 'measure',
    mount(el) {
      el.append(
        h('h2', { id: 'h-measure' }, 'Measure here'),
        h(
          'div',
          { class: 'measure-box' },
          h(
            'p',
            { class: 'description' },
            'The curves above run on the virtual clock with the costs you declared. This button measures the real thing instead: how many records per second the lab’s engines (the very code in this page) push through in your browser, with tinybench, bundled into the page. It takes about a second.',
          ),
          button,
          ' ',
          status,
          h('div', { class: 'pair chart-pair' }, figure, h('div', { class: 'pair-table' }, table)),
        ),
      );
    },
    update() {},
  };
}
