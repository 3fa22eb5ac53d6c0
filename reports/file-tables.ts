// The report's words for a job with a file sink (Nexmark q10; scenarios/files-result.ts): per engine, the
// files its sink left and what a reader of that table sees — rows visible against the ground truth, rows
// written but hidden and why, partitions committed and when. One short section; the files are on disk.
import { causeText } from './causes.ts';
import type { EngineView } from './engines.ts';
import { esc, fmtInt, fmtMs } from './html.ts';

const MAX_WATERMARK = Number.MAX_SAFE_INTEGER;

/** The section (empty when no engine wrote files). */
export function fileTablesSection(views: readonly EngineView[]): string {
  const paragraphs: string[] = [];
  for (const v of views) {
    const f = v.ok?.files;
    if (!f) continue;
    const hidden = f.files.inProgress + f.files.pending + f.files.orphan;
    let p = `${v.name} left ${fmtInt(f.files.total)} data files in ${fmtInt(f.partitions.total)} partition directories (<code>${esc(f.dir)}/</code>): ${fmtInt(f.files.visible)} visible to a reader`;
    p +=
      hidden > 0
        ? `, ${fmtInt(hidden)} hidden (${fmtInt(f.files.inProgress)} in progress, ${fmtInt(f.files.pending)} pending, ${fmtInt(f.files.orphan)} orphaned).`
        : '.';
    p += ` A reader sees ${fmtInt(f.rows.visible)} rows: ${fmtInt(f.rows.matched)} of the ground truth’s ${fmtInt(f.rows.expected)}`;
    p += f.rows.extra > 0 ? `, and ${fmtInt(f.rows.extra)} more.` : '.';
    if (f.rows.notVisible > 0) p += ` ${fmtInt(f.rows.notVisible)} rows are written to files no reader sees.`;
    const causes = Object.entries(f.causes).map(([c, n]) => `${fmtInt(n)} because ${causeText(c)}`);
    if (causes.length > 0) p += ` Differences: ${causes.join('; ')}.`;
    const c = f.partitions.committed;
    if (!f.partitions.commits)
      p +=
        v.ok?.model?.system === 'Apache Storm'
          ? ' This sink has no partition commit and no commit log: a reader sees every file as soon as a sync writes to it.'
          : ' This sink has no partition commit: which files count is what its commit log lists.';
    else if (c.length === 0) p += ' No partition was committed (no _SUCCESS file).';
    else {
      const first = c[0]!;
      const wm = first.watermark >= MAX_WATERMARK ? 'the end of input' : `watermark ${fmtMs(first.watermark)}`;
      const distinct = new Set(c.map((x) => x.partition)).size;
      const again =
        c.length > distinct ? ` (${fmtInt(c.length)} commits: a partition that got new files after its commit is committed again)` : '';
      p += ` It committed ${fmtInt(distinct)} of ${fmtInt(f.partitions.total)} partitions with a _SUCCESS file${again}, the first (${esc(first.partition)}) at ${fmtMs(first.at)} of processing time (${wm}), the last at ${fmtMs(c.at(-1)!.at)}.`;
    }
    paragraphs.push(`<p>${p}</p>`);
  }
  if (paragraphs.length === 0) return '';
  return `<h3 id="file-tables-heading">Files a reader sees</h3>
<p id="file-tables">Each model’s file sink, read as that system’s reader reads it: Flink’s FileSink makes a part file visible only when the checkpoint that holds it completes (with no checkpoints, never), and commits a partition once the watermark at that checkpoint passes the partition’s time plus the delay; Spark’s file sink writes each micro-batch’s files, then lists them in <code>_spark_metadata</code>, and a reader sees only listed files; Storm’s HdfsBolt writes a tuple’s row at the sync that acks it, so a replayed tuple’s row is written again.</p>
${paragraphs.join('\n')}`;
}
