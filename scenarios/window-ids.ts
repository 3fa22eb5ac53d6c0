// (key, window) identities as numbers: per key id, a Map from window start to a slot (time windows) or
// from the firing index to a slot (count and global windows) — the identity `windowId` spells as JSON,
// without building a string per result. Two windows of one key sharing a start but not an end (sessions)
// fall back to a small map of their own.
import type { OracleResult } from '../engines/oracle/oracle.ts';
import type { KeyIds } from './window-index.ts';

export class WindowIds {
  private readonly byStart: Array<Map<number, number> | undefined> = [];
  private readonly byFiring: Array<Map<number, number> | undefined> = [];
  /** The end of each time-window slot (to tell sessions with one start apart). */
  private readonly ends: number[] = [];
  private readonly others = new Map<string, number>();

  /** The slot of (key id, window) or (key id, firing), or −1. */
  get(key: number, start: number, end: number, firing: number | undefined): number {
    if (firing !== undefined) return this.byFiring[key]?.get(firing) ?? -1;
    const slot = this.byStart[key]?.get(start);
    if (slot === undefined) return -1;
    if (this.ends[slot] === end) return slot;
    return this.others.get(`${key},${start},${end}`) ?? -1;
  }

  set(key: number, start: number, end: number, firing: number | undefined, slot: number): void {
    if (firing !== undefined) {
      let m = this.byFiring[key];
      if (m === undefined) this.byFiring[key] = m = new Map();
      m.set(firing, slot);
      return;
    }
    let m = this.byStart[key];
    if (m === undefined) this.byStart[key] = m = new Map();
    const first = m.get(start);
    if (first === undefined) {
      m.set(start, slot);
      this.ends[slot] = end;
    } else this.others.set(`${key},${start},${end}`, slot);
  }
}

const cache = new WeakMap<readonly OracleResult[], { keys: KeyIds; ids: WindowIds }>();

/** The identities of an oracle's results (slot = position), built once per oracle array and key ids. */
export function oracleIds(oracle: readonly OracleResult[], keys: KeyIds): WindowIds {
  const hit = cache.get(oracle);
  if (hit !== undefined && hit.keys === keys) return hit.ids;
  const ids = new WindowIds();
  oracle.forEach((o, slot) => {
    ids.set(keys.id(o.key), o.window?.start ?? 0, o.window?.end ?? 0, o.window ? undefined : (o.index ?? 0), slot);
  });
  cache.set(oracle, { keys, ids });
  return ids;
}
