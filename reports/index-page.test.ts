// renderIndex as a pure function: a scenarios × models matrix whose row labels are the questions, whose
// cells are coloured by correctness with the median latency inside and link to the report, with
// interrupted and stale results marked and the notebooks still linked.
import { renderIndex } from './index-page.ts';
import { catalogResult } from './scenario-fixture.ts';

const keyed = catalogResult('keyed-tumbling-count', { events: 6000 });
const late = catalogResult('late-data', { events: 6000 });
const q12 = catalogResult('nexmark-q12', { events: 6000 });

const html = renderIndex([
  { name: 'keyed-tumbling-count', href: 'keyed-tumbling-count.html', result: keyed },
  { name: 'late-data', href: 'late-data.html', result: late, status: { stale: 'this result was run with a different job' } },
  { name: 'nexmark-q12', href: 'nexmark-q12.html', result: q12, status: { interrupted: 'the last run was interrupted (Ctrl-C)' } },
  { name: 'broken', href: '', result: { error: 'out/broken/result.json was not written' } },
]);
const row = (name: string) => html.match(new RegExp(`<tr data-scenario="${name}"[^>]*>[\\s\\S]*?</tr>`))![0];

test('columns are the modelled systems, in the lab’s order; rows are labelled by the question and link to the report', () => {
  const head = html.match(/<thead>[\s\S]*?<\/thead>/)![0];
  expect([...head.matchAll(/data-system="([^"]+)"/g)].map((m) => m[1])).toEqual([
    'Apache Flink',
    'Spark Structured Streaming',
    'Apache Storm',
  ]);
  expect(row('keyed-tumbling-count')).toContain(
    '<p class="row-question">With every event on time, does each model count every sensor&#39;s 1 s tumbling windows exactly',
  );
  expect(row('keyed-tumbling-count')).toContain('<a class="title" href="keyed-tumbling-count.html">Keyed tumbling count, in order</a>');
});

test('each entry is a chip coloured by correctness with p50 inside, linking to the report’s decision', () => {
  const k = row('keyed-tumbling-count');
  expect(k).toMatch(
    /<a class="chip exact" href="keyed-tumbling-count.html#decision" data-engine="event"[^>]*><span class="grade">exact<\/span><span class="p50">p50 \d+ ms<\/span><\/a>/,
  );
  // Spark leaves the last windows open when the input ends: exact on every window due, marked apart.
  expect(k).toMatch(
    /<a class="chip exact-due" href="keyed-tumbling-count.html#decision" data-engine="microbatch"[^>]*><span class="grade">exact; 10 open at end<\/span>/,
  );
  expect(k).toMatch(/<a class="chip wrong-\d" href="keyed-tumbling-count.html#decision" data-engine="tuple"/);
  // Several entries of one system share its cell, each named by its id.
  const flink = row('late-data').match(/<td data-system="Apache Flink">([\s\S]*?)<\/td>/)![1]!;
  expect([...flink.matchAll(/data-engine="([^"]+)"/g)].map((m) => m[1])).toEqual(['event', 'event-wm3s', 'event-lateness']);
  expect(flink).toContain('<span class="entry">event-wm3s</span>');
});

test('every cell with a result links to the report; a model the job could not use says so; a system not in the scenario is empty', () => {
  for (const name of ['keyed-tumbling-count', 'late-data', 'nexmark-q12']) {
    const cells = [...row(name).matchAll(/<td data-system="[^"]+"(?: title="[^"]*")?>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c).toMatch(new RegExp(`<a class="chip [\\w-]+" href="${name}\\.html#decision"`));
  }
  expect(row('nexmark-q12')).toMatch(
    /<a class="chip not-supported"[^>]*data-engine="microbatch"[^>]*><span class="grade">not supported<\/span>/,
  );
});

test('interrupted and stale results are marked on their row; a failed run says why; the notebooks stay linked', () => {
  expect(row('late-data')).toMatch(/^<tr data-scenario="late-data" class="stale">/);
  expect(row('late-data')).toContain('<p class="mark stale"><strong>stale</strong> — this result was run with a different job</p>');
  expect(row('nexmark-q12')).toMatch(/class="interrupted"/);
  expect(html).toContain('no report: out/broken/result.json was not written');
  expect(html).toContain('<a href="notebooks/index.html">all notebooks</a>');
});
