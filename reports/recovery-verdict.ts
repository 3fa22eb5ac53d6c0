// The verdict on faults and checkpoints, in plain words from the recovery figures: what the fault was,
// then per engine what it lost, replayed, repeated or over-counted and what exactly-once cost in
// latency; and, when engines differ only in their checkpoint interval, the trade-off across them.
import type { EngineView, SupportedEngine } from './engines.ts';
import { fmtInt, fmtMs, fmtSetting, trim } from './html.ts';
import { checkpointInterval, checkpointMode, fmtBytes, guarantee, recoveryEngines, SINK_TEXT } from './recovery.ts';

type Ok = EngineView & { ok: SupportedEngine };

const FAULT_TEXT: Record<string, string> = {
  crash: 'a crash',
  'crash-during-checkpoint': 'a crash during a checkpoint',
  'crash-before-commit': 'a crash between the sink write and the commit',
  'slow-task': 'a slow task',
};

const at = (ms: number): string => `${trim(ms / 1000, 3)} s`;
const differing = (e: SupportedEngine): number => e.correctness.wrong + e.correctness.missing + e.correctness.extra;

/** "The fault: a crash at 5.5 s (2 s down)": the faults of the run, naming the engines when they saw them at different times. */
function faultsSentence(ok: readonly Ok[]): string | undefined {
  const seen = new Map<string, { text: string; engines: string[] }>();
  for (const v of ok) {
    for (const f of v.ok.series.faultEvents ?? v.ok.series.faults.map((t) => ({ t, kind: 'crash' as const, until: t }))) {
      const key = `${f.kind}@${f.t}@${f.until}`;
      const text = `${FAULT_TEXT[f.kind] ?? f.kind} at ${at(f.t)}${f.until > f.t ? ` (${fmtSetting(f.until - f.t)} down)` : ''}`;
      const got = seen.get(key) ?? { text, engines: [] };
      if (!got.engines.includes(v.name)) got.engines.push(v.name);
      seen.set(key, got);
    }
  }
  if (seen.size === 0) return undefined;
  const list = [...seen.values()];
  const texts = list.length === 1 ? [list[0]!.text] : list.map((x) => `${x.text} for ${x.engines.join(', ')}`);
  return `The fault${list.length > 1 ? 's' : ''}: ${texts.join('; ')}.`;
}

function engineSentence(v: Ok, ref: Ok | undefined): string {
  const e = v.ok;
  const r = e.recovery;
  const c = e.correctness;
  const parts: string[] = [];
  const over = Math.max(0, (r.windowsWrong ?? 0) - r.lost);
  // A stream join counts pairs where an aggregation counts windows (join-result.ts).
  const units = e.join !== undefined ? 'pairs' : e.rank !== undefined ? 'rows' : 'windows';
  if (r.faults > 0) {
    // Storm with acking: replays that come after the message timeout can be behind the watermark and dropped as late.
    const lateWindows = c.causes['late-dropped'] ?? 0;
    const lateFromReplay =
      e.model?.replay === 'timeout' && r.replayed > 0 && c.lateDropped > 0 && lateWindows > 0 && c.lateDropped <= r.replayed;
    if (differing(e) === 0 && c.duplicates === 0) parts.push('exact, no duplicates');
    else if (r.lost === 0 && r.duplicated === 0 && over === 0)
      parts.push(
        lateFromReplay ? 'lost nothing to the crash itself' : 'the fault cost it no result: nothing lost, repeated or over-counted',
      );
    if (r.duplicated > 0) {
      const sink = typeof e.config.sink === 'string' ? SINK_TEXT[e.config.sink] : undefined;
      const via = sink !== undefined && e.config.sink !== 'transactional' ? ` (the replay wrote them to its ${sink} again)` : '';
      parts.push(`repeated ${fmtInt(r.duplicated)} results after the crash${via}`);
    }
    if (over > 0) {
      const why =
        checkpointMode(e) === 'at-least-once'
          ? ' — at-least-once checkpoints do not align barriers, so records counted before the snapshot were replayed and counted again'
          : ' after the replay';
      // A rank job's output is a changelog's final state: a replay leaves rows in it rather than counting twice.
      parts.push(
        e.rank !== undefined && checkpointMode(e) !== 'at-least-once'
          ? `ended with ${fmtInt(over)} more rows the replayed changelog left behind`
          : `over-counted ${fmtInt(over)} ${units}${why}`,
      );
    }
    if (r.lost > 0) {
      const why = e.model?.delivery === 'at-most-once' ? ': without acking, what the crashed bolt held is gone and never replayed' : '';
      parts.push(
        e.join !== undefined || e.rank !== undefined
          ? `lost ${fmtInt(r.lost)} ${units}${why}`
          : `lost ${fmtInt(r.lost)} windows’ worth of ${e.model?.unit ?? 'record'}s${why}`,
      );
    }
    if (r.replayed > 0) {
      const restart = e.series.restarts?.[0];
      const timeout =
        typeof e.config.messageTimeout === 'number' ? ` after the ${fmtSetting(e.config.messageTimeout)} message timeout` : '';
      let what: string;
      if (e.model?.replay === 'timeout') what = `${lateFromReplay ? 'but ' : ''}replayed ${fmtInt(r.replayed)} tuples${timeout}`;
      else if (e.model?.replay === 'batch') what = `re-ran the uncommitted batch (${fmtInt(r.replayed)} rows)`;
      else if (restart && restart.fromCheckpoint !== null)
        what = `replayed ${fmtInt(r.replayed)} records from checkpoint ${restart.fromCheckpoint}`;
      else what = `replayed ${fmtInt(r.replayed)} records from the start of the input`;
      if (lateFromReplay) {
        what += `, which arrived after its watermark had passed them and were dropped as late (${fmtInt(c.lateDropped)} tuples, ${fmtInt(lateWindows)} ${units} short)`;
      }
      parts.push(what);
    }
  }
  const interval = checkpointInterval(e);
  if (e.config.sink === 'transactional' && interval !== undefined && e.latency.eventTime.count > 0) {
    const p50 = e.latency.eventTime.p50;
    const visible =
      ref !== undefined && ref.id !== v.id && ref.ok.latency.eventTime.p50 < p50
        ? `its results became visible a median ${fmtMs(p50 - ref.ok.latency.eventTime.p50)} later than ${ref.name}’s`
        : `its results became visible a median ${fmtMs(p50)} after their last event`;
    parts.push(
      `${parts.length > 0 ? 'but ' : ''}${visible} — they wait for the checkpoint that commits them (every ${fmtSetting(interval)})`,
    );
  }
  if (r.faults > 0) {
    const back = r.recoveryMs > 0 ? `normal latency ${fmtMs(r.recoveryMs)} after the fault` : 'latency never rose above its normal level';
    parts.push(`no output for ${fmtMs(r.downtimeMs)}, ${back}`);
  }
  const cp = r.checkpoints;
  if (cp) parts.push(`${fmtInt(cp.count)} checkpoints, mean ${fmtMs(cp.meanDurationMs)} and ${fmtBytes(cp.meanBytes)}`);
  const setUp = guarantee(e);
  return `${v.name}${setUp ? ` (${setUp})` : ''}: ${parts.join('; ')}.`;
}

/**
 * Engines of one kind and sink that differ in their checkpoint interval (at least two intervals): how
 * latency, replayed records, downtime and checkpoints change as the interval grows.
 */
function sweepSentence(ok: readonly Ok[]): string | undefined {
  const groups = new Map<string, Ok[]>();
  for (const v of ok) {
    if (checkpointInterval(v.ok) === undefined) continue;
    const k = `${v.system}|${String(v.ok.config.sink)}|${checkpointMode(v.ok)}`;
    groups.set(k, [...(groups.get(k) ?? []), v]);
  }
  const best = [...groups.values()]
    .map((g) => [...new Map(g.map((v) => [checkpointInterval(v.ok), v])).values()])
    .sort((a, b) => b.length - a.length)[0];
  if (best === undefined || best.length < 2) return undefined;
  const sorted = [...best].sort((a, b) => (checkpointInterval(a.ok) ?? 0) - (checkpointInterval(b.ok) ?? 0));
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const from = (f: (e: SupportedEngine) => string) => `from ${f(lo.ok)} to ${f(hi.ok)}`;
  const grows = [`the median latency rises ${from((e) => fmtMs(e.latency.eventTime.p50))}`];
  if (hi.ok.recovery.faults > 0) {
    grows.push(`the records replayed after the crash ${from((e) => fmtInt(e.recovery.replayed))}`);
    grows.push(`the downtime ${from((e) => fmtMs(e.recovery.downtimeMs))}`);
  }
  const list = grows.length > 1 ? `${grows.slice(0, -1).join(', ')} and ${grows[grows.length - 1]}` : grows[0]!;
  const a = lo.ok.recovery.checkpoints;
  const b = hi.ok.recovery.checkpoints;
  const cps =
    a && b
      ? `, while checkpoints become rarer (${fmtInt(a.count)} → ${fmtInt(b.count)}) and larger (${fmtBytes(a.meanBytes)} → ${fmtBytes(b.meanBytes)})`
      : '';
  const sink = lo.ok.config.sink === 'transactional' ? ', with a two-phase-commit sink whose results wait for the next checkpoint' : '';
  const intervals = sorted.map((v) => fmtSetting(checkpointInterval(v.ok) ?? 0)).join(', ');
  return `The trade-off of the checkpoint interval (${intervals}${sink}): as the interval grows ${from((e) => fmtSetting(checkpointInterval(e) ?? 0))}, ${list}${cps}.`;
}

/** The recovery paragraph (empty when no engine had a fault or a checkpoint). `ref`: the fastest engine. */
export function recoverySentences(views: readonly EngineView[], ref: Ok | undefined): string[] {
  const ok = recoveryEngines(views);
  if (ok.length === 0) return [];
  const faults = faultsSentence(ok.filter((v) => v.ok.recovery.faults > 0));
  const sweep = sweepSentence(ok);
  return [...(faults ? [faults] : []), ...ok.map((v) => engineSentence(v, ref)), ...(sweep ? [sweep] : [])];
}
