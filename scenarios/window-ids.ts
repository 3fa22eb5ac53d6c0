// (key, window) identities as numbers — the identity `windowId` spells as JSON, without building a string
// per result. WindowIds: per key id, a Map from window start (time windows) or firing index (count and
// global windows) to a slot; OracleIds: an oracle's results in one Map. Two windows of one key sharing a
// start but not an end (sessions) fall back to a small map of their own.
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

/**
 * The identities of an oracle's results, slot = position, without hashing: the slots grouped by key id
 * (a counting sort, so each key's time windows stay in the oracle's start order, and its count-window
 * firings in firing order), found by a binary search over the key's window starts.
 */
export class OracleIds {
  private readonly groupStart: Int32Array;
  private readonly slots: Int32Array;
  private readonly starts: Float64Array;
  /** The window end of each position (NaN: a result without a time window), so a lookup reads no result object. */
  private readonly ends: Float64Array;

  constructor(oracle: readonly OracleResult[], keys: KeyIds) {
    const n = oracle.length;
    const keyOf = new Int32Array(n);
    for (let i = 0; i < n; i++) keyOf[i] = keys.id(oracle[i]!.key);
    const k = keys.size;
    const start = new Int32Array(k + 1);
    for (let i = 0; i < n; i++) start[keyOf[i]! + 1]!++;
    for (let j = 0; j < k; j++) start[j + 1]! += start[j]!;
    const fill = start.slice(0, k);
    this.slots = new Int32Array(n);
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = fill[keyOf[i]!]!++;
      const w = oracle[i]!.window;
      this.slots[p] = i;
      this.starts[p] = w?.start ?? 0;
      this.ends[p] = w === null ? Number.NaN : w.end;
    }
    this.groupStart = start;
  }

  /** The slot of (key id, window) or (key id, firing), or −1. */
  get(key: number, start: number, end: number, firing: number | undefined): number {
    if (key < 0 || key + 1 >= this.groupStart.length) return -1;
    const a = this.groupStart[key]!;
    const b = this.groupStart[key + 1]!;
    if (firing !== undefined) {
      if (firing >= b - a) return -1;
      return Number.isNaN(this.ends[a + firing]!) ? this.slots[a + firing]! : -1;
    }
    let lo = a;
    let hi = b;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    for (let p = lo; p < b && this.starts[p] === start; p++) if (this.ends[p] === end) return this.slots[p]!;
    return -1;
  }
}

const cache = new WeakMap<readonly OracleResult[], { keys: KeyIds; ids: OracleIds }>();

/** The identities of an oracle's results, built once per oracle array and key ids. */
export function oracleIds(oracle: readonly OracleResult[], keys: KeyIds): OracleIds {
  const hit = cache.get(oracle);
  if (hit !== undefined && hit.keys === keys) return hit.ids;
  const ids = new OracleIds(oracle, keys);
  cache.set(oracle, { keys, ids });
  return ids;
}
