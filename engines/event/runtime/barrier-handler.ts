// What an operator subtask does when barrier n arrives on one of its channels (A9), one small strategy per
// checkpoint mode, as Flink's CheckpointBarrierHandler implementations: aligned exactly-once blocks the
// channel until barrier n has come on every channel; unaligned snapshots at the first barrier and keeps the
// records it overtook as channel state; at-least-once never blocks, so the snapshot may hold records that
// come after the barrier on a fast channel (counted again on replay).
import type { ChannelRecord } from './channels.ts';
import type { OperatorSubtask } from './operator-subtask.ts';

export type CheckpointMode = 'exactly-once' | 'unaligned' | 'at-least-once';

/** What a strategy may do: snapshot the subtask now, and see the records queued ahead of the barrier. */
export interface BarrierActions {
  /** Snapshot `sub` for checkpoint `id` and pass the barrier on to the sink (with its channel state). */
  snapshot(sub: OperatorSubtask, channelState: ChannelRecord[] | null): void;
  /** Records queued to `sub` ahead of barrier `id` on the channels other than `except`. */
  recordsAhead(sub: OperatorSubtask, id: number, except: number): ChannelRecord[];
}

export type BarrierHandler = (c: number, sub: OperatorSubtask, id: number, channels: number, act: BarrierActions) => void;

/** Marks barrier `id` seen on channel `c`; true once it has come on every channel. */
function arrive(sub: OperatorSubtask, c: number, id: number, channels: number): boolean {
  if (!sub.barrier || sub.barrier.id !== id) sub.barrier = { id, seen: new Set() };
  sub.barrier.seen.add(c);
  return sub.barrier.seen.size === channels;
}

const aligned: BarrierHandler = (c, sub, id, channels, act) => {
  const all = arrive(sub, c, id, channels);
  if (!all) {
    sub.blocked[c] = true; // its records wait until barrier n has come on every channel
    return;
  }
  sub.barrier = null;
  act.snapshot(sub, null);
  sub.unblock();
};

const atLeastOnce: BarrierHandler = (c, sub, id, channels, act) => {
  if (!arrive(sub, c, id, channels)) return;
  sub.barrier = null;
  act.snapshot(sub, null);
};

const unaligned: BarrierHandler = (c, sub, id, channels, act) => {
  const first = !sub.barrier || sub.barrier.id !== id;
  const all = arrive(sub, c, id, channels);
  // The first barrier overtakes the in-flight data: snapshot now, with what it overtook (F-CK).
  if (first) act.snapshot(sub, act.recordsAhead(sub, id, c));
  if (all) sub.barrier = null;
};

export const BARRIER_HANDLERS: Record<CheckpointMode, BarrierHandler> = {
  'exactly-once': aligned,
  unaligned,
  'at-least-once': atLeastOnce,
};
