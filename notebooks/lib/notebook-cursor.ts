// The stepper's position as the URL keeps it: '' before the first moment, a processing time in ms
// (stable when the parameters change the moments around it), `#n` for a preset's n-th step, `end`.
import type { Run } from './run.ts';

/** The moment `at` names in `run` (-1 before the first). */
export function cursorOf(run: Run, at: string): number {
  const n = run.moments.length;
  if (at === '' || n === 0) return -1;
  if (at === 'end') return n - 1;
  if (at.startsWith('#')) return Math.min(n - 1, Math.max(-1, Number(at.slice(1)) || 0));
  const t = Number(at);
  if (!Number.isFinite(t)) return -1;
  let found = -1;
  for (const m of run.moments) if (!m.end && m.time <= t) found = m.index;
  return found;
}

export function atOf(run: Run, cursor: number, preset: boolean): string {
  const m = run.moments[cursor];
  if (!m) return '';
  if (m.end) return 'end';
  return preset ? `#${cursor}` : String(m.time);
}
