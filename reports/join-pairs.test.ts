// The report of a stream join (issue 18) tells, per model, which of the ground truth's pairs it emitted,
// which it missed and why, and lists the first differing pairs; models without the join say why not.
import { engineViews } from './engines.ts';
import { esc } from './html.ts';
import { JOIN_CAUSES, joinParagraphs } from './join-pairs.ts';
import { renderReport } from './render.ts';
import { catalogResult } from './scenario-fixture.ts';
import { verdictParagraphs } from './verdict.ts';

describe('nexmark-q8-pairs (window join) in words', () => {
  const result = catalogResult('nexmark-q8-pairs', { events: 16_000 });
  const words = joinParagraphs(engineViews(result));

  test('one paragraph per model, with its counts from result.json', () => {
    expect(words).toHaveLength(4);
    for (const e of result.engines) {
      if (!('join' in e) || !e.join) throw new Error(`${e.id}: ${e.status}`);
      const p = words.find((w) => w.startsWith(e.model!.system))!;
      expect(p).toContain(`emitted ${e.join.emitted.toLocaleString('en-US')} pairs`);
      expect(p).toContain(`of the ground truth’s ${e.join.pairs.toLocaleString('en-US')}`);
    }
  });

  test('Storm’s missing pairs are told by their causes: its (start, end] windows, the windows the input ended before', () => {
    const storm = words.find((w) => w.startsWith('Apache Storm'))!;
    expect(storm).toMatch(/It missed [\d,]+\./);
    expect(storm).toContain(JOIN_CAUSES['window-closure']);
    expect(storm).toContain(JOIN_CAUSES['not-flushed']);
    const flink = words.find((w) => w.startsWith('Apache Flink'))!;
    expect(flink).not.toContain('missed');
  });

  test('the page tells the pairs in its verdict, and lists the differing pairs in place of the differing windows', () => {
    const html = renderReport(result, { normalized: true });
    for (const w of words) expect(html).toContain(esc(w));
    expect(html).toContain('Pairs each model emitted and missed');
    expect(html).not.toContain('id="differing-windows"');
    expect(html).toMatch(/<table id="join-differences">/);
  });
});

test('a model without the join kind says so with its reason (nexmark-q3: a regular join)', () => {
  const words = joinParagraphs(engineViews(catalogResult('nexmark-q3', { events: 4000 })));
  expect(words).toContainEqual(expect.stringMatching(/^Apache Storm cannot run this join: job\.join\.kind: .*\(E6\)\.$/));
  expect(words).toContainEqual(expect.stringMatching(/^Spark DStreams cannot run this join: .*\(E5\)\.$/));
});

test('a join’s slow tail is told from when the later record arrived, not from a window’s last event', () => {
  const result = catalogResult('nexmark-q3', { events: 4000 });
  const spark = result.engines.find((e) => e.id === 'microbatch')!;
  if (!('latency' in spark)) throw new Error(spark.status);
  // A tail far above the median (p99 ≥ 3 × p50 and a second more) with its slowest second at 2 s.
  spark.latency.eventTime = { ...spark.latency.eventTime, p50: 100, p99: 5000 };
  spark.series.latency = [{ t: 2000, p50: 100, p99: 5000, max: 6000 }];
  const words = verdictParagraphs(result).join(' ');
  expect(words).toContain('Its slowest results came in second 2 of the run, 6.00 s after the later of their two records arrived');
  expect(words).not.toContain('after their last event');
});
