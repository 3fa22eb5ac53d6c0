// The recovery section's figures table: one row per engine that had a fault or a checkpoint — what it
// lost, replayed and duplicated, the windows the fault left wrong, downtime, time back to normal
// latency, and its checkpoints (count, mean duration, mean size). Shown only when some engine had one.
import { hasRecovery } from './charts/recovery-timeline.ts';
import type { EngineView, SupportedEngine } from './engines.ts';
import { type Cell, cell, esc, fmtInt, fmtMs, fmtSetting, num, table } from './html.ts';

type Ok = EngineView & { ok: SupportedEngine };

/** Engines the recovery section covers, in result order. */
export function recoveryEngines(views: readonly EngineView[]): Ok[] {
  return views.filter((v): v is Ok => v.ok !== undefined && hasRecovery(v.ok));
}

/** Bytes as B / kB / MB (decimal units, one decimal above 1 kB). */
export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1000) return `${Math.round(n)} B`;
  if (n < 1_000_000) return `${Number((n / 1000).toFixed(1))} kB`;
  return `${Number((n / 1_000_000).toFixed(1))} MB`;
}

/** A sink's name in plain words. */
export const SINK_TEXT: Record<string, string> = {
  transactional: 'two-phase-commit sink',
  plain: 'plain sink',
  idempotent: 'idempotent sink',
  file: 'file sink (idempotent by batch id)',
  foreachBatch: 'foreachBatch sink',
  memory: 'memory sink',
};

/** The configured checkpoint interval of an engine (ms), if it checkpoints. */
export function checkpointInterval(e: SupportedEngine): number | undefined {
  const cp = e.config.checkpoint;
  if (typeof cp !== 'object' || cp === null) return undefined;
  const interval = (cp as Record<string, unknown>).interval;
  return typeof interval === 'number' ? interval : undefined;
}

/** The configured checkpoint mode (`exactly-once`, `at-least-once`), if any. */
export function checkpointMode(e: SupportedEngine): string | undefined {
  const cp = e.config.checkpoint;
  if (typeof cp !== 'object' || cp === null) return undefined;
  const mode = (cp as Record<string, unknown>).mode;
  return typeof mode === 'string' ? mode : undefined;
}

/** What an engine's delivery set-up was, in a few words, from its configuration. */
export function guarantee(e: SupportedEngine): string {
  const c = e.config;
  const parts: string[] = [];
  const replay = e.model?.replay;
  if (replay === 'timeout' || replay === 'none') parts.push(replay === 'none' ? 'no acking (at-most-once)' : 'acking (at-least-once)');
  const interval = checkpointInterval(e);
  const mode = checkpointMode(e);
  if (interval !== undefined) parts.push(`checkpoints every ${fmtSetting(interval)}${mode ? `, ${mode}` : ''}`);
  else if (replay === 'checkpoint') parts.push('no checkpoints');
  if (typeof c.sink === 'string') parts.push(SINK_TEXT[c.sink] ?? `${c.sink} sink`);
  return parts.join(', ');
}

export function recoveryTable(views: readonly EngineView[]): string {
  const ok = recoveryEngines(views);
  const h = (text: string): Cell => ({ html: text.split('\n').map(esc).join('<br>'), cls: 'num' });
  const head = [
    cell('engine'),
    h('faults'),
    h('results\nlost'),
    h('records\nreplayed'),
    h('results\nduplicated'),
    h('windows\nwrong'),
    h('down-\ntime'),
    h('back to\nnormal'),
    h('check-\npoints'),
    h('mean\nduration'),
    h('mean\nsize'),
  ];
  return table({
    id: 'recovery-figures',
    cls: 'recovery-figures',
    caption:
      'Per engine (with its delivery set-up): windows lost in the crash, records re-processed, identical results emitted again, final windows the fault left wrong, the longest stretch without output, the time from the fault until the p99 latency was back to its pre-fault level (“back to normal”) and the completed checkpoints.',
    head,
    rows: ok.map((v) => {
      const r = v.ok.recovery;
      const cp = r.checkpoints;
      const faulted = r.faults > 0;
      return {
        cells: [
          {
            html: `<span class="swatch" style="background:${v.colour}"></span>${esc(v.name)}<br><span class="setup">${esc(guarantee(v.ok))}</span>`,
            th: true,
          },
          num(fmtInt(r.faults)),
          num(faulted ? fmtInt(r.lost) : '–'),
          num(faulted ? fmtInt(r.replayed) : '–'),
          num(faulted ? fmtInt(r.duplicated) : '–'),
          num(r.windowsWrong === undefined ? '–' : fmtInt(r.windowsWrong)),
          num(faulted ? fmtMs(r.downtimeMs) : '–'),
          num(faulted ? fmtMs(r.recoveryMs) : '–'),
          num(cp ? fmtInt(cp.count) : '0'),
          num(cp ? fmtMs(cp.meanDurationMs) : '–'),
          num(cp ? fmtBytes(cp.meanBytes) : '–'),
        ],
      };
    }),
  });
}
