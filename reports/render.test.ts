// renderReport and renderIndex as pure functions: the verdict follows the figures, every chart has a
// data table or a "no data" sentence, unsupported engines show as such, nothing points off the page,
// and every embedded Vega-Lite spec compiles.
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Result } from '../scenarios/result.ts';
import { renderReport } from './render.ts';
import { catalogResult } from './scenario-fixture.ts';
import { verdictParagraphs } from './verdict.ts';

const keyed = catalogResult('keyed-tumbling-count', { events: 6000 });
const late = catalogResult('late-data', { events: 6000 });
const crash = catalogResult('crash-recovery');
const sweep = catalogResult('checkpoint-interval-sweep');

const specs = (html: string): Array<{ id: string; spec: TopLevelSpec }> =>
  [...html.matchAll(/<script type="application\/json" data-chart="[^"]+" id="spec-([^"]+)">(.*?)<\/script>/gs)].map((m) => ({
    id: m[1]!,
    spec: JSON.parse(m[2]!) as TopLevelSpec,
  }));

/** The keyed result with every chart series emptied, as a result from before they existed would look. */
function withoutSeries(r: Result): Result {
  return {
    ...r,
    events: [],
    engines: r.engines.map((e) =>
      e.status === 'ok' && 'series' in e
        ? {
            ...e,
            series: {
              perSecond: [],
              watermark: [],
              emissions: [],
              emissionCount: 0,
              latency: [],
              batches: [],
              faults: [],
              checkpoints: [],
            },
          }
        : e,
    ),
  };
}

describe('renderReport', () => {
  test('every embedded Vega-Lite spec compiles, and each chart has a data table under it', () => {
    const html = renderReport(late, { normalized: true });
    const found = specs(html);
    // The event-time picture is an overview and one linked panel per engine (five in late-data).
    expect(found.map((s) => s.id)).toEqual([
      'event-time',
      'event-time-1',
      'event-time-2',
      'event-time-3',
      'event-time-4',
      'event-time-5',
      'latency-percentiles',
      'latency-series',
      'throughput',
      'correctness-outcomes',
      'correctness-causes',
    ]);
    // microbatch commits every batch, but without faults or a checkpoint setting there is no recovery story.
    expect(html).not.toContain('id="section-recovery"');
    for (const { id, spec } of found) {
      expect(() => compile(spec)).not.toThrow();
      if (!/-\d+$/.test(id)) expect(html).toContain(`<details id="data-${id}">`);
    }
  });

  test('the page references nothing outside itself: no src, no stylesheet links, no images, no URLs in attributes', () => {
    const full = renderReport(keyed);
    // Vega's expressions are interpreted (runtime.ts), so the policy allows no eval.
    expect(full).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"`);
    expect(full).toContain('data-library="vega-lite"');
    // The libraries' own code mentions tags in strings; check the page around them.
    const html = full.replace(/<script data-library=[^>]*>[\s\S]*?<\/script>/g, '');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/(?:href|src|action)="(?:https?:)?\/\//i);
  });

  test('the normalized render replaces the libraries and the environment with placeholders', () => {
    const html = renderReport({ ...keyed, environment: { ...keyed.environment, commit: 'abc1234deadbeef' } }, { normalized: true });
    expect(html).toContain('/* library omitted from the normalized report */');
    expect(html).not.toContain('abc1234deadbeef');
    expect(html).not.toContain('data-library=');
  });

  test('the raw figures are embedded as JSON that parses back to the result', () => {
    const html = renderReport(late);
    const m = html.match(/<script type="application\/json" id="result-data">(.*?)<\/script>/s);
    expect(JSON.parse(m![1]!)).toEqual(late);
  });

  test('a latency tail far above the median is named with the second it came in (burst)', () => {
    const text = verdictParagraphs(catalogResult('burst'))[0]!;
    expect(text).toMatch(/^Apache Flink \(event-p2\) emitted each window a median \d+ ms after its last event/);
    expect(text).toMatch(
      /Apache Flink \(event\) emitted windows about \d+ ms later than Apache Flink \(event-p2\) \(median \d+ ms\)\. Its slowest results came in second 1[5-9] of the run, [\d.]+ s after their last event/,
    );
    // No tail sentence for an engine whose p99 stays near its median.
    expect(verdictParagraphs(keyed)[0]).not.toMatch(/slowest results/);
  });

  test('a simulated run says that latency is the latency the model imposes', () => {
    expect(renderReport(keyed)).toMatch(/latency shown is the latency the model imposes/);
  });

  test('without series every chart degrades to a "no data" sentence, and the tables and verdict remain', () => {
    const html = renderReport(withoutSeries(keyed), { normalized: true });
    expect(specs(html).map((s) => s.id)).toEqual(['latency-percentiles', 'correctness-outcomes', 'correctness-causes']);
    for (const id of ['event-time', 'latency-series', 'throughput']) {
      expect(html).toContain(`<p class="empty" id="chart-${id}-empty">No data for this chart in this result.</p>`);
    }
    expect(html).toContain('id="summary"');
    expect(html).toContain('id="verdict"');
  });

  test('latency over time draws batch and checkpoint markers only while they are sparse enough to read', () => {
    const markersOf = (r: Result) => {
      const spec = specs(renderReport(r, { normalized: true })).find((x) => x.id === 'latency-series')!.spec as unknown as {
        datasets: { markers: Array<{ marker: string }> };
      };
      return new Set(spec.datasets.markers.map((m) => m.marker));
    };
    // keyed-tumbling-count: 6 s of 1 s micro-batches, drawn.
    expect(markersOf(keyed)).toContain('batch');
    const dense: Result = {
      ...keyed,
      engines: keyed.engines.map((e) =>
        e.status === 'ok' && 'series' in e && e.kind === 'microbatch'
          ? { ...e, series: { ...e.series, batches: Array.from({ length: 500 }, (_, i) => i * 10) } }
          : e,
      ),
    };
    expect(markersOf(dense)).not.toContain('batch');
    expect(renderReport(dense)).toMatch(/500 batch boundaries \(too many to draw\)/);
  });

  test('an engine marked "not supported: reason" shows as such in the header, summary and verdict', () => {
    const r: Result = {
      ...keyed,
      engines: [
        ...keyed.engines,
        { id: 'tuple-count', kind: 'tuple', status: 'not supported: Storm core has no count windows', config: {} },
      ],
    };
    const html = renderReport(r, { normalized: true });
    expect(html).toContain('not supported: Storm core has no count windows');
    // A result without the entry's model names it by its id.
    expect(verdictParagraphs(r).join(' ')).toContain('tuple-count does not support this job: Storm core has no count windows.');
    expect(html).toMatch(/<tr class="unsupported-row" data-engine="tuple-count"[^>]*><td class="place">–<\/td>/);
  });

  test('text from the result is escaped', () => {
    const r: Result = { ...keyed, scenario: { ...keyed.scenario, title: '<script>alert(1)</script>' } };
    const html = renderReport(r, { normalized: true });
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script>alert(1)');
  });
});

describe('recovery section', () => {
  test('with faults: the timeline spec compiles, has a panel per engine and a data table, and the figures table has a row per engine', () => {
    const html = renderReport(crash, { normalized: true });
    expect(html).toContain('<section id="section-recovery" aria-labelledby="h-recovery">');
    const found = specs(html);
    expect(found.map((s) => s.id)).toContain('recovery-timeline');
    for (const { id, spec } of found) {
      expect(() => compile(spec)).not.toThrow();
      if (!/-\d+$/.test(id)) expect(html).toContain(`<details id="data-${id}">`);
    }
    const timeline = found.find((s) => s.id === 'recovery-timeline')!.spec as { vconcat: Array<{ vconcat: unknown[] }> };
    expect(timeline.vconcat).toHaveLength(crash.engines.length);
    for (const panel of timeline.vconcat) expect(panel.vconcat).toHaveLength(3);
    const figures = html.match(/<table id="recovery-figures"[\s\S]*?<\/table>/)![0];
    expect(figures.match(/<tr>/g)).toHaveLength(crash.engines.length + 1);
    expect(figures).toContain('event-at-least-once');
    // The data table lists the fault, the restart and each checkpoint.
    const data = html.match(/<details id="data-recovery-timeline">[\s\S]*?<\/details>/)![0];
    expect(data).toMatch(/<td>fault<\/td><td class="num">5\.5 s<\/td><td>crash, down until 7\.5 s<\/td>/);
    expect(data).toMatch(/<td>back up<\/td><td class="num">7\.5 s<\/td><td>from checkpoint \d+, 1,500 records replayed<\/td>/);
    expect(data).toContain('<td>checkpoint</td>');
  });

  test('with checkpoints but no fault the section shows; with neither it is absent', () => {
    const none: Result = {
      ...keyed,
      engines: keyed.engines.map((e) => {
        if (e.status !== 'ok' || !('recovery' in e)) return e;
        const { checkpoints: _c, ...recovery } = e.recovery;
        const { checkpointStats: _s, ...series } = e.series;
        return { ...e, recovery, series: { ...series, checkpoints: [] } };
      }),
    };
    expect(renderReport(none, { normalized: true })).not.toContain('section-recovery');
    expect(verdictParagraphs(none).join(' ')).not.toMatch(/checkpoints|fault/);
    const e = sweep.engines[0]!;
    if (e.status !== 'ok' || !('recovery' in e)) throw new Error('expected a supported engine first');
    const noFault: Result = {
      ...sweep,
      engines: [
        {
          ...e,
          recovery: { faults: 0, downtimeMs: 0, recoveryMs: 0, replayed: 0, lost: 0, duplicated: 0, checkpoints: e.recovery.checkpoints },
          series: { ...e.series, faults: [], faultEvents: [], restarts: [] },
        },
      ],
    };
    const html = renderReport(noFault, { normalized: true });
    expect(html).toContain('id="section-recovery"');
    expect(html).toContain('id="chart-recovery-timeline"');
    expect(verdictParagraphs(noFault).join(' ')).not.toContain('The fault');
  });
});

describe('verdict', () => {
  test('crash-recovery: what each delivery set-up lost, repeated or over-counted, and what exactly-once cost', () => {
    const text = verdictParagraphs(crash).join('\n');
    expect(text).toContain('The fault: a crash at 5.5 s (2 s down).');
    expect(text).toMatch(
      /Apache Flink \(event-2pc\) \(checkpoints every 2 s, exactly-once, two-phase-commit sink\): exact, no duplicates; .*but its results became visible a median [\d.]+ m?s later than Apache Flink \(event-plain\)’s — they wait for the checkpoint that commits them \(every 2 s\)/,
    );
    expect(text).toMatch(/Apache Flink \(event-plain\) \([^)]*plain sink\): repeated 20 results after the crash/);
    expect(text).toMatch(
      /Apache Flink \(event-at-least-once\) \([^)]*\): .*over-counted 6 windows — at-least-once checkpoints do not align barriers/,
    );
    expect(text).toMatch(/Apache Storm \(tuple-at-most-once\) \(no acking \(at-most-once\)\): lost 20 windows’ worth of tuples/);
    expect(text).toMatch(
      /Apache Storm \(tuple-acking\) \(acking \(at-least-once\)\): .*replayed 2,499 tuples after the 3 s message timeout, which arrived after its watermark had passed them and were dropped as late/,
    );
    expect(text).toMatch(
      /Apache Flink \(event-no-checkpoints\) \(no checkpoints\): repeated 50 results after the crash; replayed 5,500 records from the start of the input/,
    );
  });

  test('checkpoint-interval sweep: latency, replayed records and downtime all grow with the interval', () => {
    const text = verdictParagraphs(sweep).join('\n');
    expect(text).toMatch(
      /The trade-off of the checkpoint interval \(500 ms, 2 s, 5 s, 10 s, with a two-phase-commit sink whose results wait for the next checkpoint\): as the interval grows from 500 ms to 10 s, the median latency rises from \d+ ms to [\d.]+ s, the records replayed after the crash from 250 to 9,750 and the downtime from [\d.]+ s to [\d.]+ s, while checkpoints become rarer \(\d+ → \d+\)/,
    );
  });

  test('late-data: says where and why Spark and Storm differ from Flink, naming the systems', () => {
    const text = verdictParagraphs(late).join('\n');
    expect(text).toMatch(
      /Where and why Spark Structured Streaming differs from Apache Flink \(event\): Apache Flink \(event\) dropped [\d,]+ late records \(\d+ windows short\), Spark Structured Streaming none: Spark computes its watermark at the end of a batch, applies it to the next, and filters late rows with the previous batch’s watermark, so the watermark Spark Structured Streaming judged lateness by was a median [\d.]+ m?s behind Apache Flink \(event\)’s; and a row is late only once its window’s end is behind that watermark\./,
    );
    expect(text).toMatch(
      /\d+ windows \(\[\d+ s, \d+ s\)( to \[\d+ s, \d+ s\))?\) were still open when the input ended and Spark Structured Streaming never emitted them: Spark .* flushes nothing at the end of input/,
    );
    expect(text).toMatch(
      /Where and why Apache Storm differs from Apache Flink \(event\): it windows by event time in Storm’s windowed bolt, with a watermark of the highest timestamp minus a 1 s lag\. Apache Storm dropped [\d,]+ late tuples \(\d+ windows short\), Apache Flink \(event\) [\d,]+ records \(\d+ windows short\): Storm drops a tuple as soon as its own timestamp is behind the last watermark/,
    );
    // The word the issue missed: the systems by name, never the engine kinds.
    expect(text).not.toMatch(/\b(microbatch|tuple) (dropped|got|emitted|counted)/);
  });

  test('keyed-tumbling-count: Storm’s differences are explained by its (end − length, end] windows', () => {
    expect(verdictParagraphs(keyed).join('\n')).toMatch(
      /Where and why Apache Storm differs from Apache Flink: .*\d+ windows differ because Storm’s windows are \(end − length, end\]/,
    );
  });

  test('keyed-tumbling-count: Spark is about one batch later than Flink, and windows left open at the end are not counted against it', () => {
    const text = verdictParagraphs(keyed).join('\n');
    expect(text).toMatch(/^Apache Flink emitted each window a median \d+ ms after its last event/);
    expect(text).toMatch(
      /Spark Structured Streaming emitted every window about (one batch|\d batches) \(.+\) later than Apache Flink \(batch interval 1 s\)/,
    );
    expect(text).toContain('Apache Flink counted all');
    expect(text).toMatch(
      /Spark Structured Streaming counted all \d+ windows it was due to emit exactly; \d+ windows were still open when the input ended \(not flushed: the run’s end, not the model\)/,
    );
    expect(text).toMatch(
      /Apache Storm got \d+(\.\d)? % of \d+ windows \(the ground truth’s \d+ and \d+ it lacks\) wrong because of its model \(.*\): .*\d+ because its windows are \(start, end\]/,
    );
  });

  test('late-data: engines that drop late records say how many', () => {
    const text = verdictParagraphs(late).join('\n');
    expect(text).toMatch(
      /Apache Flink \(event\) got .* because records arrived after the watermark had passed their window, and the engine dropped them from it \(\d+ records dropped\)/,
    );
  });

  test('the verdict never claims 100 % of windows wrong when one is right', () => {
    const e = keyed.engines[0]!;
    if (e.status !== 'ok' || !('correctness' in e)) throw new Error('expected a supported engine first');
    const one: Result = {
      ...keyed,
      engines: [
        {
          ...e,
          correctness: { ...e.correctness, windows: 200, exact: 1, wrong: 199, missing: 0, extra: 0, causes: { 'late-dropped': 199 } },
        },
      ],
    };
    expect(verdictParagraphs(one).join(' ')).toContain('got 99.5 % of 200 windows wrong because of its model');
  });
});
