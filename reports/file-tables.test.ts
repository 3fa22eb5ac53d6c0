// The report's section on file sinks (file-tables.ts), from a real small q10 run: what each model left on
// disk and what a reader sees, in words; and no such section for a job without files.
import { buildResult, type Environment } from '../scenarios/result.ts';
import { runScenario } from '../scenarios/runner.ts';
import { parseScenario } from '../scenarios/scenario.ts';
import { engineViews } from './engines.ts';
import { fileTablesSection } from './file-tables.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
const job = {
  stateless: true,
  filter: { expr: "kind = 'bid'" },
  map: { auction: 'auction', dt: { expr: "date_format(dateTime, 'yyyy-MM-dd')" }, hm: { expr: "date_format(dateTime, 'HH:mm')" } },
  watermark: { delay: 0 },
  files: { partitionBy: ['dt', 'hm'], format: 'csv', commit: { delay: 0, partitionTime: '$dt $hm:00' } },
};
const words = (html: string) => html.replace(/<[^>]+>/g, '');

function section(withFiles: boolean) {
  const scenario = parseScenario({
    name: 'q10-report',
    title: 'q10 report',
    question: 'What does a reader see?',
    workload: { generator: 'nexmark', events: 1500, rate: 20, seed: 3 },
    job: withFiles ? job : { ...job, files: undefined },
    engines: [
      { id: 'flink-cp', kind: 'event', checkpoint: { interval: 10_000 } },
      { id: 'flink', kind: 'event' },
      { kind: 'microbatch' },
      { kind: 'tuple' },
    ],
  });
  return fileTablesSection(engineViews(buildResult(scenario, runScenario(scenario, { mode: 'simulated' }), env)));
}

test('the file sink section says, per model, what a reader sees and which partitions were committed', () => {
  const text = words(section(true));
  expect(text).toMatch(/^Files a reader sees/);
  expect(text).toMatch(
    /Apache Flink \(flink-cp\) left \d+ data files in 2 partition directories \(files\/flink-cp\/\): \d+ visible to a reader\. A reader sees (\d[\d,]*) rows: \1 of the ground truth’s \1\. It committed 2 of 2 partitions with a _SUCCESS file/,
  );
  expect(text).toMatch(
    /Apache Flink \(flink\) left \d+ data files .*: 0 visible to a reader, \d+ hidden .* A reader sees 0 rows: 0 of the ground truth’s [\d,]+\. [\d,]+ rows are written to files no reader sees\. Differences: [\d,]+ because the rows are in part files no reader sees yet.* No partition was committed/,
  );
  expect(text).toMatch(
    /Spark Structured Streaming left \d+ data files .* This sink has no partition commit: which files count is what its commit log lists/,
  );
  expect(text).toMatch(/Apache Storm left \d+ data files .* This sink has no partition commit and no commit log/);
});

test('a job without files has no such section', () => {
  expect(section(false)).toBe('');
});
