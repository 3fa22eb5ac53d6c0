// The notebooks as a course, in order: file name, title and the question each answers. The build,
// the index page, the lab's front page and the pages' own headers all read this one list.

export interface NotebookMeta {
  number: number;
  /** File stem: `01-two-clocks` → notebooks/pages/01-two-clocks/page.ts → dist/01-two-clocks.html. */
  slug: string;
  title: string;
  question: string;
}

export const NOTEBOOKS: readonly NotebookMeta[] = [
  {
    number: 1,
    slug: '01-two-clocks',
    title: 'Two clocks',
    question:
      'An event happens at one time and is processed at another. Which clock decides the window it lands in, and does the result change when the same events arrive in another order?',
  },
  {
    number: 2,
    slug: '02-watermarks',
    title: 'Disorder and watermarks',
    question:
      'How does a stream decide that an event-time window is complete, and why does a window sometimes never fire (an idle partition)? What does waiting longer buy?',
  },
  {
    number: 3,
    slug: '03-windows',
    title: 'Windows',
    question:
      'Which events end up in the same result? What tumbling, sliding, session and count windows group, and what a late event or a different arrival order does to each.',
  },
  {
    number: 4,
    slug: '04-lateness',
    title: 'Allowed lateness and side outputs',
    question:
      'An event arrives after its window has fired. Is it added in a late firing, sent to a side output, or dropped, and how do Flink, Spark and Storm each decide?',
  },
  {
    number: 5,
    slug: '05-spark-batches',
    title: 'Spark: the watermark of the next batch',
    question:
      'Why does Spark append a window only a batch after its watermark has passed, why can Trigger.Once output nothing, and when would Flink have fired the same window?',
  },
  {
    number: 6,
    slug: '06-bounded',
    title: 'Batch is a bounded stream',
    question: 'When a stream ends, does the streaming run give the batch result? What does each model do at the end of its input?',
  },
  {
    number: 7,
    slug: '07-storm-acking',
    title: 'Storm: acking and at-least-once',
    question:
      'Storm keeps no state and acks every tuple tree. How does the acker know a sentence is fully processed, and why do a failure, a timeout or a killed bolt make the output count some words twice?',
  },
  {
    number: 8,
    slug: '08-checkpoints',
    title: 'Checkpoints and barriers',
    question:
      'How does Flink snapshot a running job without stopping it, what does aligning the barriers cost, and what do a crash and its replay do to state and output? What does Spark write instead?',
  },
  {
    number: 9,
    slug: '09-exactly-once',
    title: 'End-to-end exactly-once',
    question:
      'State restored exactly once is not output written exactly once: which sink keeps a crash from showing a result twice, and what does committing on checkpoints cost in latency?',
  },
  {
    number: 10,
    slug: '10-savepoints',
    title: 'Savepoints, rescaling and state backends',
    question:
      'How does a job stop and come back with another parallelism without losing or double-counting state, and what does the state backend change about checkpoints?',
  },
  {
    number: 11,
    slug: '11-microbatch-interval',
    title: 'Throughput against latency',
    question:
      'What does a micro-batch buy and what does it cost? How the interval, the input rate and the cost of a batch move latency and throughput, when the delay grows without bound, and where Flink and Storm sit.',
  },
];

/** The course's parts, by notebook number (inclusive ranges). */
export const PARTS: ReadonlyArray<{ title: string; first: number; last: number }> = [
  { title: 'Part I · Time: clocks, watermarks and windows', first: 1, last: 6 },
  { title: 'Part II · Guarantees and costs: acking, checkpoints, exactly-once, rescaling, micro-batches', first: 7, last: 11 },
];

/** A notebook's entry by its slug (each page names itself by slug, so its place in the course can change). */
export function notebookMeta(slug: string): NotebookMeta {
  const m = NOTEBOOKS.find((n) => n.slug === slug);
  if (!m) throw new Error(`no notebook ${slug} in the catalog`);
  return m;
}

export const INDEX_FILE = 'index.html';

export function notebookFile(meta: NotebookMeta): string {
  return `${meta.slug}.html`;
}
