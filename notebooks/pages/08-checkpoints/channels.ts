// Where notebook 8 draws records and barriers on the two channels. Positions follow the network the trace
// configures (every element takes 100 ms, channel B the skew more; FIFO); the checkpoints (when triggered,
// when complete, from which offset a restart replays) come from the engine's recovery log and stored
// checkpoints. The browser test checks the picture against the engine: at every step, the records drawn on
// the channels or held by alignment are exactly as many as the engine has not read (`unread`).
import { cursorStep } from '../../lib/cursor-time.ts';
import { DELAY, EVENTS, type FlinkRun, type Mode, type Model, offsetOf, STREAMS } from './scenario.ts';

export interface Send {
  id: number;
  channel: number;
  sentAt: number;
  arrives: number;
  replay: boolean;
  /** Held by an aligning operator until this time (aligned mode), else null. */
  heldUntil: number | null;
  /** Lost in the crash while on the channel (it is sent again by the replay). */
  lostAt: number | null;
}

export interface BarrierSend {
  checkpoint: number;
  channel: number;
  sentAt: number;
  arrives: number;
  /** When the checkpoint completed, or, for the one a crash cut off, the crash. */
  completedAt: number;
  lost: boolean;
}

export const transit = (channel: number, skew: number) => DELAY + skew * channel;

/** Every record sent on a channel, first sends and replays, with what alignment did to it. */
export function sends(f: FlinkRun, mode: Mode, skew: number, interval: number): Send[] {
  const channelOf = (stream: string | undefined) => STREAMS.indexOf(stream as (typeof STREAMS)[number]);
  const restart = f.log.restarts[0];
  const restoredOffset = restart ? (f.storage?.saved.find((s) => s.data.id === restart.fromCheckpoint)?.data.offset ?? 0) : null;
  const out: Send[] = [];
  for (const e of EVENTS) {
    const c = channelOf(e.stream);
    const first = {
      id: e.id,
      channel: c,
      sentAt: e.arrival,
      arrives: e.arrival + transit(c, skew),
      replay: false,
      heldUntil: null,
      lostAt: null,
    };
    if (restart && e.arrival <= restart.at) {
      if (first.arrives > restart.at) (first as Send).lostAt = restart.at;
      out.push(first);
      if (offsetOf(e.id) >= restoredOffset!) {
        out.push({
          id: e.id,
          channel: c,
          sentAt: restart.at,
          arrives: restart.at + transit(c, skew),
          replay: true,
          heldUntil: null,
          lostAt: null,
        });
      }
    } else out.push(first);
  }
  if (mode === 'exactly-once') {
    for (const b of barriers(f, skew, interval)) {
      // Aligned: a channel whose barrier came first is blocked until the checkpoint completes (A9); what it
      // holds when a crash cuts the checkpoint off is lost with the operator.
      for (const s of out) {
        if (s.channel !== b.channel || s.lostAt !== null || s.arrives < b.arrives || s.arrives >= b.completedAt) continue;
        s.heldUntil = b.completedAt;
        if (b.lost) s.lostAt = b.completedAt;
      }
    }
  }
  return out;
}

/** Barriers of every checkpoint, one per channel: those that completed, and the one a crash cut off. */
export function barriers(f: FlinkRun, skew: number, interval: number): BarrierSend[] {
  const done = f.log.checkpoints.map((cp) => ({ id: cp.id, triggeredAt: cp.triggeredAt, completedAt: cp.completedAt, lost: false }));
  const cut = lostCheckpoint(f, interval);
  const all = cut ? [...done, cut] : done;
  return all.flatMap((cp) =>
    STREAMS.map((_, c) => ({
      checkpoint: cp.id,
      channel: c,
      sentAt: cp.triggeredAt,
      arrives: cp.triggeredAt + transit(c, skew),
      completedAt: cp.completedAt,
      lost: cp.lost,
    })),
  );
}

/**
 * The checkpoint in flight when the job crashed, which the recovery log does not list (it lists completed
 * ones): periodic checkpoints are triggered every `interval` ms of processing time, except while another is
 * in flight (A9, one at a time); the last such tick before the crash that did not complete was cut off.
 */
export function lostCheckpoint(f: FlinkRun, interval: number): { id: number; triggeredAt: number; completedAt: number; lost: true } | null {
  const crash = f.log.restarts[0];
  if (!crash) return null;
  let busyUntil = Number.NEGATIVE_INFINITY;
  let lost: number | null = null;
  for (let t = interval; t < crash.at; t += interval) {
    const done = f.log.checkpoints.find((c) => c.triggeredAt === t);
    if (done) busyUntil = done.completedAt;
    else if (t >= busyUntil) {
      lost = t;
      busyUntil = Number.POSITIVE_INFINITY;
    }
  }
  if (lost === null) return null;
  const id = f.log.checkpoints.filter((c) => c.triggeredAt < lost!).length + 1;
  return { id, triggeredAt: lost, completedAt: crash.at, lost: true };
}

/** At time t: on the channel (sent, not arrived, not lost) or held by alignment (arrived, not released). */
export function stateAt(s: Send, t: number): 'waiting' | 'on-channel' | 'held' | 'read' | 'lost' {
  if (t < s.sentAt) return 'waiting';
  if (s.lostAt !== null && t >= s.lostAt) return 'lost';
  if (t < s.arrives) return 'on-channel';
  if (s.heldUntil !== null && t < s.heldUntil) return 'held';
  return 'read';
}

/** The picture's count of records not yet read by the operator after step `step`, by channel. */
export function pictureCounts(
  m: Model,
  p: { skew: number; mode: string; interval: number },
  step: number,
): { onChannel: number[]; held: number[] } {
  const t = m.flink.run.stepTimes[step]!;
  const onChannel = [0, 0];
  const held = [0, 0];
  for (const s of sends(m.flink, p.mode as Mode, p.skew, p.interval)) {
    const st = stateAt(s, t);
    if (st === 'on-channel') onChannel[s.channel]!++;
    if (st === 'held') held[s.channel]!++;
  }
  return { onChannel, held };
}

/** The step the stepper stands on, and the processing time after it (-1 / -∞ before the first). */
export function cursorAt(m: Model, cursor: number): { step: number; time: number } {
  const step = cursorStep(m.flink.run, cursor);
  return { step, time: step < 0 ? Number.NEGATIVE_INFINITY : m.flink.run.stepTimes[step]! };
}
