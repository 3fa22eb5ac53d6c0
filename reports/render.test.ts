// renderReport and renderIndex as pure functions: the verdict follows the figures, every chart has a
// data table or a "no data" sentence, unsupported engines show as such, nothing points off the page,
// and every embedded Vega-Lite spec compiles.
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Result } from '../scenarios/result.ts';
import { renderIndex } from './index-page.ts';
import { renderReport } from './render.ts';
import { catalogResult } from './scenario-fixture.ts';
import { headline, verdictParagraphs } from './verdict.ts';

const keyed = catalogResult('keyed-tumbling-count', { events: 6000 });
const late = catalogResult('late-data', { events: 6000 });

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
    expect(found.map((s) => s.id)).toEqual([
      'event-time',
      'latency-percentiles',
      'latency-series',
      'throughput',
      'correctness-outcomes',
      'correctness-causes',
    ]);
    for (const { id, spec } of found) {
      expect(() => compile(spec)).not.toThrow();
      expect(html).toContain(`<details id="data-${id}">`);
    }
  });

  test('the page references nothing outside itself: no src, no stylesheet links, no images, no URLs in attributes', () => {
    const full = renderReport(keyed);
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
    expect(verdictParagraphs(r).join(' ')).toContain('tuple-count does not support this job: Storm core has no count windows.');
    expect(headline(r)).toContain('tuple-count not supported');
  });

  test('text from the result is escaped', () => {
    const r: Result = { ...keyed, scenario: { ...keyed.scenario, title: '<script>alert(1)</script>' } };
    const html = renderReport(r, { normalized: true });
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script>alert(1)');
  });
});

describe('verdict', () => {
  test('keyed-tumbling-count: microbatch is about one batch later than event, and each difference has its cause', () => {
    const text = verdictParagraphs(keyed).join('\n');
    expect(text).toMatch(/^event emitted each window a median \d+ ms after its last event/);
    expect(text).toMatch(/microbatch emitted every window about (one batch|\d batches) \(.+\) later than event \(batch interval 1 s\)/);
    expect(text).toContain('event counted all');
    expect(text).toMatch(/tuple got \d+(\.\d)? % of \d+ windows wrong \(.*\): .*\d+ because its windows are \(start, end\]/);
  });

  test('late-data: engines that drop late records say how many', () => {
    const text = verdictParagraphs(late).join('\n');
    expect(text).toMatch(
      /event got .* because it dropped records that arrived after the watermark had passed their window \(\d+ records dropped\)/,
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
    expect(verdictParagraphs(one).join(' ')).toContain('got 99.5 % of 200 windows wrong');
  });
});

describe('renderIndex', () => {
  test('links every scenario with its one-line verdict, and says why a scenario has no report', () => {
    const html = renderIndex([
      { name: 'keyed-tumbling-count', href: 'keyed-tumbling-count.html', result: keyed },
      { name: 'late-data', href: 'late-data.html', result: late },
      { name: 'broken', href: '', result: { error: 'out/broken/result.json was not written' } },
    ]);
    expect(html).toContain('<a href="keyed-tumbling-count.html">Keyed tumbling count, in order</a>');
    expect(html).toContain('<a href="late-data.html">');
    expect(html).toContain(headline(keyed).replace(/·/g, '·'));
    expect(html).toContain('no report: out/broken/result.json was not written');
  });
});
