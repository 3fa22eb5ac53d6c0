// The report of a dedup, top-N or chained job (issue 18) tells, per model, which of the ground truth's rows
// its output ended with, which it missed and why, and lists the first differing rows; models without the
// construct say why not.

import { buildResult } from '../scenarios/result.ts';
import { runScenario } from '../scenarios/runner.ts';
import { parseScenario } from '../scenarios/scenario.ts';
import { engineViews } from './engines.ts';
import { esc } from './html.ts';
import { RANK_CAUSES, rankParagraphs } from './rank-rows.ts';
import { renderReport } from './render.ts';
import { catalogResult, FIXED_ENVIRONMENT } from './scenario-fixture.ts';

describe('nexmark-q5-max (chained max of counts) in words', () => {
  const result = catalogResult('nexmark-q5-max', { events: 16_000 });
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

test('a crash in an updating Top-N is told in words: the rows a replay left behind and its stray retractions', () => {
  const s = parseScenario({
    name: 'q19-crash',
    title: 'q19 with a crash',
    question: 'What does a replay leave?',
    workload: { generator: 'nexmark', events: 12_000, rate: 1000, seed: 42 },
    job: {
      filter: { field: 'kind', eq: 'bid' },
      topN: { n: 10, partitionBy: ['auction'], orderBy: 'price' },
      watermark: { delay: 3000 },
    },
    faults: [{ at: 5500, kind: 'crash', downtime: 2000 }],
    engines: [
      { id: 'event-2pc', kind: 'event', checkpoint: { interval: 2000 }, sink: 'transactional' },
      { id: 'event-plain', kind: 'event', checkpoint: { interval: 2000 }, sink: 'plain' },
    ],
  });
  const result = buildResult(s, runScenario(s), { ...FIXED_ENVIRONMENT });
  const words = rankParagraphs(engineViews(result));
  const plain = words.find((w) => w.startsWith('Apache Flink (event-plain)'))!;
  const e = result.engines.find((x) => x.id === 'event-plain')!;
  if (!('rank' in e) || !e.rank) throw new Error(e.status);
  expect(e.rank.extra).toBeGreaterThan(0);
  expect(plain).toContain(`${e.rank.extra.toLocaleString('en-US')} because ${RANK_CAUSES['replayed-duplicate']}`);
  expect(e.rank.strayRetractions).toBeGreaterThan(0);
  expect(plain).toContain(`retracted ${e.rank.strayRetractions!.toLocaleString('en-US')} rows the output no longer held`);
  const html = renderReport(result, { normalized: true });
  expect(html).toMatch(/Apache Flink \(event-2pc\) \([^)]*\): exact, no duplicates/);
  expect(html).toMatch(/Apache Flink \(event-plain\) \([^)]*\): repeated [\d,]+ results after the crash/);
});
