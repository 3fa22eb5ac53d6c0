// Golden-file comparison for normalized report HTML (STYLE.md habit 13): a mismatch writes the actual
// page beside the golden as `<name>.actual.html` (git-ignored); UPDATE_GOLDEN=1 rewrites the golden.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Round every number with more than three decimals, so float noise never fails a golden. */
export function normalizeHtml(html: string): string {
  return html.replace(/-?\d+\.\d{4,}(?:e[+-]?\d+)?/gi, (m) => String(Number(Number(m).toFixed(3))));
}

export type GoldenOutcome = { status: 'match' | 'updated' } | { status: 'mismatch' | 'missing'; message: string };

export function compareGolden(goldenPath: string, actual: string, update: boolean): GoldenOutcome {
  const actualPath = goldenPath.replace(/\.html$/, '.actual.html');
  if (update) {
    writeFileSync(goldenPath, actual);
    rmSync(actualPath, { force: true });
    return { status: 'updated' };
  }
  if (!existsSync(goldenPath)) {
    writeFileSync(actualPath, actual);
    return { status: 'missing', message: `no golden at ${goldenPath}; wrote ${actualPath}. Review it, then run with UPDATE_GOLDEN=1.` };
  }
  const expected = readFileSync(goldenPath, 'utf8');
  if (expected === actual) {
    rmSync(actualPath, { force: true });
    return { status: 'match' };
  }
  writeFileSync(actualPath, actual);
  const a = expected.split('\n');
  const b = actual.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const clip = (s: string | undefined) => (s === undefined ? '(end of file)' : s.length > 200 ? `${s.slice(0, 200)}…` : s);
  return {
    status: 'mismatch',
    message: `${goldenPath} differs from the rendered report at line ${i + 1}\n  golden: ${clip(a[i])}\n  actual: ${clip(b[i])}\nwrote ${actualPath}; if the change is intended, run with UPDATE_GOLDEN=1.`,
  };
}
