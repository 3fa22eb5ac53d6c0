// A Storm tuple as one task receives it: named values, its source, and its MessageId — the roots of
// the trees it belongs to, each with this tuple's edge id in that tree (C2). One object per target task.
// Ids are 64-bit, kept as two int32 halves so XOR and id-keyed maps stay in small-integer arithmetic.
import type { Rec } from '../core/aggregates.ts';
import type { Rng } from '../core/random.ts';

export const DEFAULT_STREAM = 'default';
/** Storm's `__system` component and `__tick` stream (ST-TU `isTick`). */
export const SYSTEM_COMPONENT = '__system';
export const TICK_STREAM = '__tick';

/** Storm's MessageId.anchorsToIds, flattened to [rootHi, rootLo, idHi, idLo, ...]; empty = unanchored. */
export type Anchors = readonly number[];
export const UNANCHORED: Anchors = Object.freeze([]) as Anchors;

export class Tuple {
  /**
   * Storm's `ackVal`: the XOR of the edge ids of every tuple emitted anchored on this one. `ack`
   * sends `edgeId ^ ackVal` per root, so the acker sees each new edge once from here and once from its own ack.
   */
  ackHi = 0;
  ackLo = 0;

  constructor(
    readonly values: Rec,
    readonly sourceComponent: string,
    readonly sourceTask: number,
    readonly stream: string,
    readonly anchors: Anchors,
  ) {}

  /** Storm's GlobalStreamId of the stream this tuple came on: `component:stream`. */
  get sourceStreamId(): string {
    return streamId(this.sourceComponent, this.stream);
  }

  /** How many tuple trees this tuple belongs to. */
  get rootCount(): number {
    return this.anchors.length >> 2;
  }
}

export function streamId(component: string, stream: string): string {
  return `${component}:${stream}`;
}

export function isTick(t: Tuple): boolean {
  return t.sourceComponent === SYSTEM_COMPONENT && t.stream === TICK_STREAM;
}

/**
 * Storm's `putXor` over anchorsToIds: merge (root, edge) into a flat anchor list, XOR-ing the edge
 * into the root's entry when the root is already there (a multi-anchored tuple in one tree).
 */
export function putXor(out: number[], rootHi: number, rootLo: number, edgeHi: number, edgeLo: number): void {
  for (let i = 0; i < out.length; i += 4) {
    if (out[i] === rootHi && out[i + 1] === rootLo) {
      out[i + 2] = out[i + 2]! ^ edgeHi;
      out[i + 3] = out[i + 3]! ^ edgeLo;
      return;
    }
  }
  out.push(rootHi, rootLo, edgeHi, edgeLo);
}

/** Draws random non-zero 64-bit ids; `hi`/`lo` hold the last one (out-parameters, no allocation per id). */
export class IdSource {
  hi = 0;
  lo = 0;
  constructor(private readonly rng: Rng) {}

  /**
   * Draw the next id. Same draws in the same order as core `Rng.id64()` (high half, then low half,
   * retried while both are 0), so `toBigInt(hi, lo)` equals what `id64()` returns from the same seed.
   */
  next(): void {
    do {
      this.hi = this.rng.int(0, 0xffffffff) | 0;
      this.lo = this.rng.int(0, 0xffffffff) | 0;
    } while (this.hi === 0 && this.lo === 0);
  }
}

/** The unsigned 64-bit value of an id given as int32 halves. */
export function toBigInt(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Split a 64-bit value into int32 halves (tests and debugging). */
export function fromBigInt(v: bigint): { hi: number; lo: number } {
  return { hi: Number((v >> 32n) & 0xffffffffn) | 0, lo: Number(v & 0xffffffffn) | 0 };
}

/** Java `Long.hashCode`: `(int)(v ^ (v >>> 32))`, i.e. the XOR of the two halves. */
export function longHashCode(hi: number, lo: number): number {
  return (hi ^ lo) | 0;
}
