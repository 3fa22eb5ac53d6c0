// The decision box as a pure function: each system by name with its outcome, a ranking by the scenario's
// criteria (correctness, then latency by default), and changes labelled computed or a suggestion, whose
// figures are this run's. The watermark delay it computes is checked against an entry of the same run
// that used it.
import type { Result } from '../scenarios/result.ts';
import { buildResult } from '../scenarios/result.ts';
import { runScenario } from '../scenarios/runner.ts';
import { parseScenario } from '../scenarios/scenario.ts';
import { changes } from './changes.ts';
import { decisionBox } from './decision.ts';
import { engineViews } from './engines.ts';
import { criteriaOf, rank } from './ranking.ts';
import { catalogResult, FIXED_ENVIRONMENT } from './scenario-fixture.ts';

const late = catalogResult('late-data');
const keyed = catalogResult('keyed-tumbling-count', { events: 6000 });
const sweep = catalogResult('micro-batch-interval-sweep');

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const places = (r: Result) => rank(engineViews(r), criteriaOf(r.scenario).criteria).map((x) => [x.view.name, x.place]);

describe('ranking', () => {
  test('late-data: exact models first by median latency, then by how many windows the model got wrong', () => {
    expect(places(late)).toEqual([
      ['Apache Flink (event-lateness)', 1],
      ['Spark Structured Streaming', 2],
      ['Apache Flink (event-wm3s)', 3],
      ['Apache Flink (event)', 4],
      ['Apache Storm', 5],
    ]);
  });

  test('windows the input’s end left open do not count against a model; equal engines share a place', () => {
    // Spark's 10 unflushed windows are not the model's: it ranks as exact, ahead of Storm's closure differences.
    expect(places(keyed)).toEqual([
      ['Apache Flink', 1],
      ['Spark Structured Streaming', 2],
      ['Apache Storm', 3],
    ]);
    const crash = catalogResult('crash-recovery');
    const storm = places(crash).filter(([name]) => String(name).startsWith('Apache Storm'));
    expect(storm).toEqual([
      ['Apache Storm (tuple-acking)', 6],
      ['Apache Storm (tuple-at-most-once)', 6],
    ]);
  });

  test('a scenario’s own criteria order the ranking (burst: p99 first), and a model that did not run comes last, unranked', () => {
    const burst = catalogResult('burst');
    expect(criteriaOf(burst.scenario)).toEqual({ criteria: ['tail-latency', 'correctness'], named: true });
    expect(places(burst).map(([n]) => n)).toEqual([
      'Apache Flink (event-p2)',
      'Apache Flink (event)',
      'Apache Storm',
      'Spark Structured Streaming',
    ]);
    const q12 = catalogResult('nexmark-q12');
    expect(places(q12)[2]).toEqual(['Spark Structured Streaming', null]);
  });
});

describe('decisionBox', () => {
  test('names every system, never an engine kind, and says what ranks first', () => {
    const html = decisionBox(late, engineViews(late));
    const t = text(html);
    expect(t).toContain('Apache Flink (event-lateness) ranks first: exact: all 200 windows; p50 1.71 s.');
    for (const system of ['Apache Flink', 'Spark Structured Streaming', 'Apache Storm']) expect(t).toContain(system);
    expect(html.match(/<tr class="(exact|wrong)"/g)).toHaveLength(5);
    expect(t).toContain('177 of 200 windows wrong: 177 late, dropped (784 records)');
    expect(t).toContain('+ 20 still open when the input ended (not flushed: the run’s end, not the model)');
    expect(t).not.toMatch(/\b(microbatch|tuple)\b/);
  });

  test('an engine entry that overrides the window and output mode names its results by its own job', () => {
    const scenario = parseScenario({
      name: 'mixed',
      title: 'Mixed',
      question: 'Keys or windows?',
      workload: { generator: 'nexmark', events: 1500, rate: 1000, seed: 3 },
      job: { filter: { field: 'kind', eq: 'bid' }, key: 'auction', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
      engines: [{ kind: 'event' }, { kind: 'event', id: 'group-by', window: { kind: 'global' }, outputMode: 'update' }],
    });
    const result = buildResult(scenario, runScenario(scenario), { ...FIXED_ENVIRONMENT });
    const nouns = Object.fromEntries(engineViews(result).map((v) => [v.id, v.noun[1]]));
    expect(nouns).toEqual({ event: 'windows', 'group-by': 'keys' });
  });

  test('an updating GROUP BY without a window (nexmark-q17) is counted in keys, not windows', () => {
    const q17 = catalogResult('nexmark-q17', { events: 2000 });
    const keys = q17.engines.find((e) => e.id === 'event' && 'correctness' in e);
    const n = keys && 'correctness' in keys ? keys.correctness.windows : 0;
    expect(n).toBeGreaterThan(1);
    const t = text(decisionBox(q17, engineViews(q17)));
    expect(t).toContain(`exact: all ${n.toLocaleString('en-US')} keys`);
    expect(t).not.toMatch(/\bwindows\b(?! still open)/);
  });

  test('the watermark delay that admits every late record is the largest lateness, and an entry of the run that used it confirms the cost', () => {
    const wm = changes(late, engineViews(late)).find((c) => c.id === 'watermark-delay')!;
    expect(wm.basis).toBe('computed');
    expect(late.input.disorder).toEqual({ behind: 1990, maxLateness: 2996 });
    expect(wm.text).toContain('Watermark delay of at least 3 s would have admitted every late record');
    // event (1 s delay, p50 1.21 s) would be 2 s later; event-wm3s, run with 3 s, measured 3.21 s and exact.
    expect(wm.text).toContain('Apache Flink (event): delay 1 s → 3 s, every window 2 s later, p50 1.21 s → about 3.21 s');
    expect(wm.text).toContain('Apache Storm: lag 1 s → 3 s');
    expect(wm.text).toContain('Measured in this run: Apache Flink (event-wm3s), delay 3 s: exact: all 200 windows; p50 3.21 s');
    const e = late.engines.find((x) => x.id === 'event-wm3s')!;
    expect('latency' in e && e.latency.eventTime.p50).toBe(3209);
  });

  test('allowed lateness on Flink only, computed from the same lateness; the micro-batch interval is a suggestion', () => {
    const list = changes(late, engineViews(late));
    const lateness = list.filter((c) => c.id.startsWith('allowed-lateness-'));
    expect(lateness.map((c) => c.id)).toEqual(['allowed-lateness-event']);
    expect(lateness[0]!.text).toMatch(/^Allowed lateness of 2 s on Apache Flink \(event\) \(delay stays 1 s\)/);
    expect(lateness[0]!.text).toContain('Measured in this run: Apache Flink (event-lateness), allowed lateness 2 s, 784 updates: exact');
    const interval = list.find((c) => c.id === 'interval-Spark Structured Streaming')!;
    expect(interval.basis).toBe('suggestion');
  });

  test('several intervals in one run: the interval change is computed from their measured latencies', () => {
    const interval = changes(sweep, engineViews(sweep)).find((c) => c.id.startsWith('interval-'))!;
    expect(interval.basis).toBe('computed');
    expect(interval.text).toMatch(/default trigger \(0\): p50 269 ms, .*; 250 ms: p50 620 ms, .*; 1 s: p50 2\.16 s, .*; 5 s: p50 8\.36 s/);
  });

  test('every change is labelled as computed from this run’s data or as a suggestion', () => {
    for (const r of [late, keyed, sweep, catalogResult('crash-recovery')]) {
      const html = decisionBox(r, engineViews(r));
      const items = [...html.matchAll(/<li data-change="[^"]+" data-basis="(\w+)"><span class="basis \w+">([^<]+)<\/span>/g)];
      expect(items.length).toBeGreaterThan(0);
      for (const [, basis, label] of items) {
        expect(label).toBe(basis === 'computed' ? 'computed from this run’s data' : 'a suggestion');
      }
    }
  });

  test('no model lost a window to a setting: the box says there is nothing to change', () => {
    const q12 = catalogResult('nexmark-q12');
    expect(text(decisionBox(q12, engineViews(q12)))).toContain('No change to suggest');
  });
});
