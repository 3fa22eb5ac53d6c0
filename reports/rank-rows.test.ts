// The report of a dedup, top-N or chained job (issue 18) tells, per model, which of the ground truth's rows
// its output ended with, which it missed and why, and lists the first differing rows; models without the
// construct say why not.
import { engineViews } from './engines.ts';
import { esc } from './html.ts';
import { RANK_CAUSES, rankParagraphs } from './rank-rows.ts';
import { renderReport } from './render.ts';
import { catalogResult } from './scenario-fixture.ts';

describe('nexmark-q5 (chained max of counts) in words', () => {
  const result = catalogResult('nexmark-q5', { events: 16_000 });
  const words = rankParagraphs(engineViews(result));

  test('one paragraph per model, with its counts from result.json; the refusals with their reason', () => {
    expect(words).toHaveLength(4);
    for (const e of result.engines) {
      if (!('rank' in e) || !e.rank) continue;
      const p = words.find((w) => w.startsWith(e.model!.system))!;
      expect(p).toContain(`ended with ${e.rank.final.toLocaleString('en-US')} results`);
      expect(p).toContain(`of the ground truth’s ${e.rank.rows.toLocaleString('en-US')}`);
    }
    expect(words).toContainEqual(expect.stringMatching(/^Apache Storm cannot run this job: job\.perWindow: .*\(C1\).*\.$/));
    expect(words).toContainEqual(expect.stringMatching(/^Spark DStreams cannot run this job: job\.perWindow: .*\(B8\)\.$/));
  });

  test('Spark’s missing windows are told by their cause, the windows the input ended before; Flink misses none', () => {
    const spark = words.find((w) => w.startsWith('Spark Structured Streaming'))!;
    expect(spark).toMatch(/It missed [\d,]+\./);
    expect(spark).toContain(RANK_CAUSES['not-flushed']);
    expect(words.find((w) => w.startsWith('Apache Flink'))).not.toContain('missed');
  });

  test('the page tells the rows in its verdict and lists the differing rows in place of the differing windows', () => {
    const html = renderReport(result, { normalized: true });
    // The verdict tells the models that ran; the refusals have their own sentence there.
    for (const w of words.filter((x) => !x.includes('cannot run'))) expect(html).toContain(esc(w));
    expect(html).toContain(esc('Apache Storm does not support this job: job.perWindow'));
    expect(html).toContain('Rows each model ended with and missed');
    expect(html).not.toContain('id="differing-windows"');
    expect(html).toMatch(/<table id="rank-differences">/);
  });
});

test('a changelog output is told with its retractions (nexmark-q18: keep-last dedup on Flink)', () => {
  const result = catalogResult('nexmark-q18', { events: 4000 });
  const words = rankParagraphs(engineViews(result));
  const flink = words.find((w) => w.startsWith('Apache Flink'))!;
  const e = result.engines.find((x) => x.id === 'event')!;
  if (!('rank' in e) || !e.rank) throw new Error(e.status);
  expect(e.rank.retracted).toBeGreaterThan(0);
  expect(flink).toContain(`${e.rank.retracted.toLocaleString('en-US')} of them retracting a row it had emitted`);
  expect(flink).not.toContain('missed');
  expect(words).toContainEqual(expect.stringMatching(/^Spark Structured Streaming cannot run this job: job\.dedup\.keep: /));
  expect(renderReport(result, { normalized: true })).toContain('ended with exactly the ground truth’s rows');
});
